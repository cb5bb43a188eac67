import { CorrelatedOperationFailed } from '../infra/messages/correlated-operation-failed.event.js';

/** Codes: ACCOUNT.NOT_FOUND, ACCOUNT.NOT_ACTIVE, ACCOUNT.SUSPENSION_RELEASED (business); ACCOUNT.UNAVAILABLE (retryable). */
export class AccountSuspensionFailed extends CorrelatedOperationFailed {}
