export const PaymentErrors = {
  declined: 'PAYMENT.DECLINED',
  /** A transient failure of the gateway or the database: worth retrying. */
  unavailable: 'PAYMENT.UNAVAILABLE',
} as const;
