export class AccountCreated {
  constructor(
    readonly sagaId: string,
    readonly attempt: number,
    readonly userId: string,
  ) {}
}
