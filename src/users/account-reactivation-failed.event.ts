import { CorrelatedOperationFailed } from '../infra/messages/correlated-operation-failed.event.js';

/** Codes: ACCOUNT.DELETED (business: the closure deleted it already); ACCOUNT.UNAVAILABLE (retryable). */
export class AccountReactivationFailed extends CorrelatedOperationFailed {}
