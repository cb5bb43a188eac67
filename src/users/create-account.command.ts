/** Create a PENDING account for a registration saga; answered by AccountCreated or AccountCreationFailed. */
export class CreateAccount {
  constructor(
    readonly sagaId: string,
    readonly attempt: number,
    readonly email: string,
    readonly name: string | null,
  ) {}
}
