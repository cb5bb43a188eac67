export class AccountActivated {
  constructor(
    readonly sagaId: string,
    readonly attempt: number,
    readonly userId: string,
  ) {}
}
