import { GoodbyeEmailFailed, GoodbyeEmailSent, SendGoodbyeEmail } from '../../notifications/index.js';
import { RefundUserCharges, type RefundedCharge, UserChargesRefunded, UserChargesRefundFailed } from '../../payments/index.js';
import {
  AccountClosed,
  AccountClosureFailed,
  AccountReactivated,
  AccountReactivationFailed,
  AccountSuspended,
  AccountSuspensionFailed,
  CloseAccount,
  ReactivateAccount,
  SuspendAccount,
} from '../../users/index.js';
import { answer, defineSaga, type StepOutput } from '../engine/saga-definition.js';

/** What an account closure is started with. */
export interface AccountClosureInput {
  userId: string;
  reason: string | null;
}

export const ACCOUNT_CLOSURE = 'account-closure';

const account = (outputs: Readonly<Record<string, StepOutput | undefined>>) => {
  const suspended = outputs['suspend-account'];
  if (typeof suspended?.email !== 'string') throw new Error('the account is not suspended yet');
  return { email: suspended.email, name: (suspended.name as string | null) ?? null };
};

/**
 * Suspend the account (no other saga may use it), refund its registration charge (the pivot:
 * past it the saga only goes forward), say goodbye, delete it. A failure before the pivot
 * reactivates the account; after it, the last two steps are retried until they succeed.
 */
export const accountClosureSaga = defineSaga<AccountClosureInput>({
  type: ACCOUNT_CLOSURE,
  version: 1,
  // One closure per account at a time.
  lock: (input) => `user:${input.userId}`,
  // A closed account's e-mail can register again: the registration that made it held it until now.
  releasesOnCompletion: ({ outputs }) => [`email:${account(outputs).email}`],
  describe: (input) => `of user ${input.userId}`,
  subject: (input) => `Closure of user account ${input.userId}`,
  searchKeys: (input, outputs) => ({ userId: input.userId, email: outputs['suspend-account']?.email as string | undefined }),
  view: (input, outputs) => ({
    userId: input.userId,
    email: outputs['suspend-account']?.email,
    reason: input.reason,
    refundId: (outputs['refund-payment']?.refunds as RefundedCharge[] | undefined)?.[0]?.refundId ?? null,
  }),
  steps: [
    {
      name: 'suspend-account',
      kind: 'compensatable',
      command: ({ correlation, input }) => new SuspendAccount(correlation, input.userId),
      answers: {
        success: [answer(AccountSuspended, (e) => ({ userId: e.userId, email: e.email, name: e.name }))],
        transientFailure: [answer(AccountSuspensionFailed, (e) => ({ code: e.code }))],
      },
      compensation: {
        name: 'reactivate-account',
        command: ({ correlation, input }) => new ReactivateAccount(correlation, input.userId),
        answers: { success: [answer(AccountReactivated, (e) => ({ userId: e.userId }))], transientFailure: [answer(AccountReactivationFailed)] },
      },
      effectInPlace: ({ input }) => ({
        effect: `User account ${input.userId} is still SUSPENDED`,
        action: `set user account ${input.userId} back to ACTIVE by hand`,
      }),
    },
    {
      name: 'refund-payment',
      kind: 'pivot',
      command: ({ correlation, idempotencyKey, input }) => new RefundUserCharges(correlation, idempotencyKey, input.userId),
      answers: {
        success: [answer(UserChargesRefunded, (e) => ({ refunds: e.refunds.map((r) => ({ ...r })) }))],
        transientFailure: [answer(UserChargesRefundFailed, (e) => ({ code: e.code }))],
      },
    },
    {
      name: 'send-goodbye-email',
      kind: 'retriable',
      command: ({ correlation, idempotencyKey, input, outputs }) =>
        new SendGoodbyeEmail({ correlation, idempotencyKey, userId: input.userId, ...account(outputs) }),
      answers: { success: [answer(GoodbyeEmailSent, (e) => ({ notificationId: e.notificationId }))], transientFailure: [answer(GoodbyeEmailFailed)] },
    },
    {
      name: 'delete-account',
      kind: 'retriable',
      command: ({ correlation, input }) => new CloseAccount(correlation, input.userId),
      answers: { success: [answer(AccountClosed, (e) => ({ userId: e.userId }))], transientFailure: [answer(AccountClosureFailed, (e) => ({ code: e.code }))] },
    },
  ],
});
