export const PaymentErrors = {
  declined: 'PAYMENT.DECLINED',
} as const;
