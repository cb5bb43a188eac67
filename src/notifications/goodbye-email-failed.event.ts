import { CorrelatedOperationFailed } from '../infra/messages/correlated-operation-failed.event.js';

/** Code: NOTIFICATION.UNAVAILABLE (retryable: the mailer or the database failed, e.g. a `notifications.send` fault). */
export class GoodbyeEmailFailed extends CorrelatedOperationFailed {}
