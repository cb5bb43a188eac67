export class AccountDeleted {
  constructor(
    readonly sagaId: string,
    readonly attempt: number,
    readonly userId: string,
  ) {}
}
