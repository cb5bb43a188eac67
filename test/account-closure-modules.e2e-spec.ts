import { describe, expect, it } from '@jest/globals';
import { CommandBus, EventBus, type IEvent, QueryBus } from '@nestjs/cqrs';
import { filter, firstValueFrom, timeout } from 'rxjs';
import type { StepCorrelation } from '../src/infra/messages/step-correlation.js';
import { SendGoodbyeEmail } from '../src/notifications/index.js';
import { RefundUserCharges, type UserChargesRefunded } from '../src/payments/index.js';
import { type AccountSuspended, CloseAccount, GetAccount, ReactivateAccount, SuspendAccount } from '../src/users/index.js';
import { aRegistration, register } from './support/sagas.js';
import { suiteApp, TEST_KEYS } from './support/test-app.js';

/**
 * The closure's module commands on the real AppModule, sent the way a saga sends them (the
 * command bus) and answered on the event bus by correlation, with the effects seen over HTTP.
 */
describe('account-closure commands on the real modules', () => {
  const t = suiteApp();

  /** Sends the command and waits (deadline-bound) for the event carrying its correlation back. */
  async function answerTo<T extends IEvent>(command: { correlation: StepCorrelation }): Promise<T> {
    const answer = firstValueFrom(
      t.app.get(EventBus).pipe(
        filter((event) => JSON.stringify((event as { correlation?: unknown }).correlation) === JSON.stringify(command.correlation)),
        timeout(10_000),
      ),
    );
    await t.app.get(CommandBus).execute(command);
    return (await answer) as T;
  }
  /** A viewer's GET, which the access model requires for these routes. */
  const get = (path: string) => t.http.get(path).set('Authorization', `Bearer ${TEST_KEYS.viewer}`);
  const at = (step: string, attempt = 1): StepCorrelation => ({ sagaId: 'closure-e2e', step, attempt });

  it('suspends, refunds, says goodbye and deletes; GET /users shows SUSPENDED in between and the e-mail stays taken', async () => {
    const body = aRegistration();
    const { userId } = await register(t.http, body, { Prefer: 'wait=10' });
    expect(await t.app.get(QueryBus).execute(new GetAccount(userId!))).toMatchObject({ email: body.email, status: 'ACTIVE' });

    const suspended = await answerTo<AccountSuspended>(new SuspendAccount(at('suspend-account'), userId!));
    expect(suspended).toMatchObject({ userId, email: body.email, name: body.name });
    expect((await get(`/users/${userId}`).expect(200)).body.status).toBe('SUSPENDED');
    await t.http.post('/registrations').send({ ...body }).expect(409);

    const refunded = await answerTo<UserChargesRefunded>(new RefundUserCharges(at('refund-payment'), 'closure-e2e:refund-payment', userId!));
    const [payment] = (await get('/payments').query({ userId }).expect(200)).body;
    expect(payment).toMatchObject({ status: 'REFUNDED' });
    expect(refunded.refunds).toEqual([{ transactionId: payment.id, refundId: payment.refundId, amountCents: 9999, currency: 'USD' }]);

    const goodbye = { correlation: at('send-goodbye-email'), idempotencyKey: 'closure-e2e:send-goodbye-email', userId: userId!, email: body.email, name: body.name ?? null };
    const sent = await answerTo<{ notificationId: string }>(new SendGoodbyeEmail(goodbye));
    const notifications = (await get('/notifications').query({ userId }).expect(200)).body;
    expect(notifications.map((n: { id: string; status: string }) => [n.id === sent.notificationId, n.status])).toEqual([
      [false, 'SENT'],
      [true, 'SENT'],
    ]);

    await answerTo(new CloseAccount(at('delete-account'), userId!));
    expect((await get(`/users/${userId}`).expect(200)).body.status).toBe('DELETED');
  });

  it('a compensated suspension leaves the account ACTIVE', async () => {
    const { userId } = await register(t.http, aRegistration(), { Prefer: 'wait=10' });
    const correlation = { sagaId: 'closure-e2e-2', step: 'suspend-account', attempt: 1 };
    await answerTo(new SuspendAccount(correlation, userId!));
    await answerTo(new ReactivateAccount({ ...correlation, step: 'suspend-account:compensation' }, userId!));
    expect((await get(`/users/${userId}`).expect(200)).body.status).toBe('ACTIVE');
  });
});
