import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { failUpdatesOf, type ModuleFixture, openModuleFixture } from '../../test/support/module-fixture.js';
import type { StepCorrelation } from '../infra/messages/step-correlation.js';
import { FaultInjectingMailer } from './fault-injecting-mailer.js';
import { GoodbyeEmailSent } from './goodbye-email-sent.event.js';
import { Notification } from './notification.entity.js';
import { NotificationSender } from './notification-sender.js';
import { SandboxMailer } from './sandbox-mailer.js';
import { SendGoodbyeEmail } from './send-goodbye-email.command.js';
import { SendGoodbyeEmailHandler } from './send-goodbye-email.handler.js';

const step = (attempt = 1): StepCorrelation => ({ sagaId: 'closure-1', step: 'send-goodbye-email', attempt });
const command = (attempt = 1) =>
  new SendGoodbyeEmail({ correlation: step(attempt), idempotencyKey: 'closure-1:send-goodbye-email', userId: 'user-1', email: 'ada@example.com', name: 'Ada' });

describe('SendGoodbyeEmailHandler', () => {
  let f: ModuleFixture;
  let handler: SendGoodbyeEmailHandler;
  const rows = () => f.uow.read((m) => m.find(Notification, { where: { userId: 'user-1' } }));

  beforeEach(async () => {
    f = await openModuleFixture();
    handler = new SendGoodbyeEmailHandler(new NotificationSender(f.uow, new FaultInjectingMailer(new SandboxMailer(f.sandbox), f.faults), f.tables), f.answers);
  });
  afterEach(() => f.close());

  it('mails the goodbye through the mailer under the idempotency key and records it as a SENT notification', async () => {
    await handler.execute(command());
    const [row] = await rows();
    expect(f.published).toEqual([new GoodbyeEmailSent(step(), row.id)]);
    expect(row).toMatchObject({ sagaId: 'closure-1', sendKey: 'closure-1:send-goodbye-email', channel: 'email', recipient: 'ada@example.com', status: 'SENT', error: null });
    expect(row.providerMessageId).toMatch(/^msg_/);
    expect((await f.ledger('notifications.send')).map((r) => r.idempotencyKey)).toEqual(['closure-1:send-goodbye-email']);
  });

  it('answers a redelivery from the notification row: no second mail, no second row', async () => {
    await handler.execute(command());
    await handler.execute(command(2));
    expect(f.published[1]).toEqual(new GoodbyeEmailSent(step(2), (f.published[0] as GoodbyeEmailSent).notificationId));
    expect(await rows()).toHaveLength(1);
    expect((await f.ledger('notifications.send')).map((r) => r.calls)).toEqual([1]);
  });

  it('fails transiently (NOTIFICATION.UNAVAILABLE) when a notifications.send rule for the e-mail fires, records FAILED, and the retry turns the same row SENT', async () => {
    f.faults.replace([{ operation: 'notifications.send', mode: 'error', message: 'SMTP connection timeout', times: 1, email: 'ada@example.com' }]);
    await handler.execute(command());
    expect(f.published).toEqual([expect.objectContaining({ correlation: step(), code: 'NOTIFICATION.UNAVAILABLE', error: 'SMTP connection timeout', retryable: true })]);
    expect(await rows()).toEqual([expect.objectContaining({ status: 'FAILED', error: 'SMTP connection timeout' })]);
    await handler.execute(command(2));
    const [row] = await rows();
    expect(f.published[1]).toEqual(new GoodbyeEmailSent(step(2), row.id));
    expect(row).toMatchObject({ status: 'SENT', error: 'SMTP connection timeout' });
  });

  it('leaves a rule for another e-mail alone', async () => {
    f.faults.replace([{ operation: 'notifications.send', mode: 'error', email: 'grace@example.com' }]);
    await handler.execute(command());
    expect(f.published[0]).toBeInstanceOf(GoodbyeEmailSent);
  });

  it('answers a transient failure when the database cannot record the send', async () => {
    await failUpdatesOf(f.dataSource, 'notifications');
    await f.dataSource.query(`CREATE TRIGGER "fail_notifications_insert" BEFORE INSERT ON "notifications" BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    await handler.execute(command());
    expect(f.published).toEqual([expect.objectContaining({ code: 'NOTIFICATION.UNAVAILABLE', retryable: true, error: expect.stringContaining('disk I/O error') })]);
  });
});
