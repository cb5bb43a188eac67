/** An operator stops a running saga before its pivot: it compensates what succeeded. */
export class CancelSaga {
  constructor(
    readonly sagaId: string,
    readonly reason: string,
    readonly actor: string | null,
  ) {}
}
