/** An operator asks a partially rolled back saga to try its given-up compensations again. */
export class RetryCompensations {
  constructor(
    readonly sagaId: string,
    /** The name of the API key that asked, recorded in the saga's history. */
    readonly actor: string,
  ) {}
}
