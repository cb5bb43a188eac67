/** Compensation of CreateAccount; answered by AccountDeleted or AccountDeletionFailed. */
export class DeleteAccount {
  constructor(
    readonly sagaId: string,
    readonly attempt: number,
    readonly userId: string,
  ) {}
}
