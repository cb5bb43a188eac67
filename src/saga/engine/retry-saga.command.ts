/** An operator asks a saga to try again: its given-up compensations, or the step it waits to retry. */
export class RetrySaga {
  constructor(
    readonly sagaId: string,
    readonly actor: string | null,
    readonly note: string | null = null,
  ) {}
}
