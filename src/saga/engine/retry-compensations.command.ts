/** An operator asks a partially rolled back saga to try its given-up compensations again. */
export class RetryCompensations {
  constructor(readonly sagaId: string) {}
}
