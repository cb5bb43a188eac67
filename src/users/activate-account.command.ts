/** Lifts the semantic lock once the saga has succeeded; answered by AccountActivated or AccountActivationFailed. */
export class ActivateAccount {
  constructor(
    readonly sagaId: string,
    readonly attempt: number,
    readonly userId: string,
  ) {}
}
