import { CancelWelcomeEmail, SendWelcomeEmail, WelcomeEmailCancellationFailed, WelcomeEmailCancelled, WelcomeEmailFailed, WelcomeEmailSent } from '../../notifications/index.js';
import { ChargePayment, PaymentChargeFailed, PaymentCharged, PaymentDeclined, PaymentRefundFailed, PaymentRefunded, RefundPayment } from '../../payments/index.js';
import {
  AccountActivated,
  AccountActivationFailed,
  AccountCreated,
  AccountCreationFailed,
  AccountDeleted,
  AccountDeletionFailed,
  ActivateAccount,
  CreateAccount,
  DeleteAccount,
} from '../../users/index.js';
import { formatMoney, fromMinorUnits } from '../../infra/money/iso-currency.js';
import { answer, defineSaga, type StepOutput } from '../engine/saga-definition.js';

/** What a registration saga is started with. */
export interface RegistrationInput {
  email: string;
  name: string | null;
  amountCents: number;
  currency: string;
  paymentMethod: string;
}

export const REGISTRATION = 'user-registration';

const text = (output: StepOutput | undefined, field: string): string => {
  const value = output?.[field];
  if (typeof value !== 'string') throw new Error(`the saga has no ${field} yet`);
  return value;
};

/**
 * Create the account (PENDING), charge the fee, send the welcome e-mail; then activate the
 * account, which lifts the semantic lock. On a failure the succeeded steps are compensated
 * newest first. The e-mail is locked while the saga may leave a live account behind.
 */
export const registrationSaga = defineSaga<RegistrationInput>({
  type: REGISTRATION,
  version: 1,
  lock: (input) => `email:${input.email}`,
  // The e-mail stays locked while an account made by this saga may still be live.
  keepsLock: ({ status, steps }) => status === 'COMPLETED' || steps['create-account'] === 'COMPENSATION_FAILED',
  describe: (input) => `for ${input.email}`,
  subject: (input) => `Registration of ${input.email}`,
  searchKeys: (input, outputs) => ({ email: input.email, userId: outputs['create-account']?.userId as string | undefined }),
  view: (input, outputs) => ({
    email: input.email,
    amount: fromMinorUnits(input.amountCents, input.currency),
    currency: input.currency,
    userId: outputs['create-account']?.userId ?? null,
    transactionId: outputs['charge-payment']?.transactionId ?? null,
    notificationId: outputs['send-notification']?.notificationId ?? null,
  }),
  steps: [
    {
      name: 'create-account',
      kind: 'compensatable',
      command: ({ correlation, input }) => new CreateAccount(correlation, input.email, input.name),
      answers: { success: [answer(AccountCreated, (e) => ({ userId: e.userId }))], transientFailure: [answer(AccountCreationFailed)] },
      compensation: {
        name: 'delete-account',
        command: ({ correlation, output }) => new DeleteAccount(correlation, text(output, 'userId')),
        answers: { success: [answer(AccountDeleted, (e) => ({ userId: e.userId }))], transientFailure: [answer(AccountDeletionFailed)] },
      },
      effectInPlace: ({ input, output }) => ({
        effect: `User account ${output.userId} (${input.email}) was not deleted and is still PENDING`,
        action: `delete user account ${output.userId} by hand`,
      }),
    },
    {
      name: 'charge-payment',
      kind: 'compensatable',
      command: ({ correlation, idempotencyKey, input, outputs }) =>
        new ChargePayment(correlation, idempotencyKey, text(outputs['create-account'], 'userId'), input.email, input.amountCents, input.currency, input.paymentMethod),
      answers: {
        success: [answer(PaymentCharged, (e) => ({ transactionId: e.transactionId, amount: fromMinorUnits(e.amountCents, e.currency), currency: e.currency }))],
        businessFailure: [answer(PaymentDeclined, (e) => ({ declineCode: e.declineCode }))],
        transientFailure: [answer(PaymentChargeFailed)],
      },
      compensation: {
        name: 'refund-payment',
        command: ({ correlation, idempotencyKey, output }) => new RefundPayment(correlation, idempotencyKey, text(output, 'transactionId')),
        answers: {
          success: [answer(PaymentRefunded, (e) => ({ transactionId: e.transactionId, refundId: e.refundId }))],
          transientFailure: [answer(PaymentRefundFailed)],
        },
      },
      effectInPlace: ({ input, output }) => ({
        effect: `Transaction ${output.transactionId} (${formatMoney(input.amountCents, input.currency)}) was not refunded`,
        action: `refund ${formatMoney(input.amountCents, input.currency)} on transaction ${output.transactionId} by hand`,
      }),
    },
    {
      name: 'send-notification',
      kind: 'compensatable',
      command: ({ correlation, idempotencyKey, input, outputs }) =>
        new SendWelcomeEmail(correlation, idempotencyKey, text(outputs['create-account'], 'userId'), input.email, input.name),
      answers: { success: [answer(WelcomeEmailSent, (e) => ({ notificationId: e.notificationId }))], transientFailure: [answer(WelcomeEmailFailed)] },
      compensation: {
        name: 'cancel-notification',
        command: ({ correlation, idempotencyKey, output }) => new CancelWelcomeEmail(correlation, idempotencyKey, text(output, 'notificationId')),
        answers: {
          success: [answer(WelcomeEmailCancelled, (e) => ({ notificationId: e.notificationId }))],
          transientFailure: [answer(WelcomeEmailCancellationFailed)],
        },
      },
      effectInPlace: ({ input, output }) => ({
        effect: `Welcome e-mail ${output.notificationId} to ${input.email} was not cancelled`,
        action: `tell ${input.email} to disregard welcome e-mail ${output.notificationId}`,
      }),
    },
    {
      // The saga's last act: the account becomes ACTIVE only once every step has succeeded.
      name: 'activate-account',
      kind: 'compensatable',
      listed: false,
      command: ({ correlation, outputs }) => new ActivateAccount(correlation, text(outputs['create-account'], 'userId')),
      answers: { success: [answer(AccountActivated, (e) => ({ userId: e.userId }))], transientFailure: [answer(AccountActivationFailed)] },
    },
  ],
});
