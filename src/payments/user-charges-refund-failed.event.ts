import { CorrelatedOperationFailed } from '../infra/messages/correlated-operation-failed.event.js';

/** Code: PAYMENT.UNAVAILABLE (retryable: the gateway or the database failed, e.g. a `payments.refund` fault). */
export class UserChargesRefundFailed extends CorrelatedOperationFailed {}
