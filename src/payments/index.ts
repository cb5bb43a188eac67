/** The payments module's public face: the commands and queries it accepts and the events it emits. */
export { ChargePayment } from './charge-payment.command.js';
export { CheckPaymentMethod } from './check-payment-method.query.js';
export { PaymentChargeFailed } from './payment-charge-failed.event.js';
export { PaymentCharged } from './payment-charged.event.js';
export { PaymentDeclined } from './payment-declined.event.js';
export { PaymentRefundFailed } from './payment-refund-failed.event.js';
export { PaymentRefunded } from './payment-refunded.event.js';
export { PaymentsModule } from './payments.module.js';
export { RefundPayment } from './refund-payment.command.js';
export { RefundUserCharges } from './refund-user-charges.command.js';
export { type RefundedCharge, UserChargesRefunded } from './user-charges-refunded.event.js';
export { UserChargesRefundFailed } from './user-charges-refund-failed.event.js';
