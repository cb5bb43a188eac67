/**
 * The shape every module's failure event shares: which saga and attempt it answers, what went
 * wrong, and whether trying again could help (a declined card cannot; a timeout can).
 */
export abstract class OperationFailed {
  constructor(
    readonly sagaId: string,
    readonly attempt: number,
    readonly error: string,
    readonly retryable: boolean,
  ) {}
}
