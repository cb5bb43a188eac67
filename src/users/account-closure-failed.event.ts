import { CorrelatedOperationFailed } from '../infra/messages/correlated-operation-failed.event.js';

/** Codes: ACCOUNT.NOT_FOUND, ACCOUNT.NOT_SUSPENDED (business); ACCOUNT.UNAVAILABLE (retryable, e.g. a `users.delete` fault). */
export class AccountClosureFailed extends CorrelatedOperationFailed {}
