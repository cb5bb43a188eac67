import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { SMTP_PASSWORD, type SmtpTestServer, startBrokenSmtpServer, startSmtpTestServer } from '../../test/support/smtp-test-server.js';
import { ProviderRefusedError } from '../infra/faults/provider-refused.error.js';
import { ProviderUnavailableError } from '../infra/faults/provider-unavailable.error.js';
import type { OutgoingEmail } from './mailer.port.js';
import { SmtpMailer } from './smtp-mailer.js';

let n = 0;
const anEmail = (overrides: Partial<OutgoingEmail> = {}): OutgoingEmail => {
  n += 1;
  return { idempotencyKey: `saga-${n}:send-notification:forward`, to: `ada${n}@example.com`, template: 'welcome', data: { name: 'Ada Lovelace', email: `ada${n}@example.com` }, ...overrides };
};
const failureOf = (promise: Promise<unknown>) => promise.then(() => { throw new Error('the send succeeded'); }, (error: unknown) => error as Error);

/** SmtpMailer through nodemailer against a real SMTP server (smtp-server) in the test process. */
describe('SmtpMailer', () => {
  let smtp: SmtpTestServer;
  let mailer: SmtpMailer;
  const mailers: SmtpMailer[] = [];
  const newMailer = (url: string, timeoutMs = 2_000) => {
    const m = new SmtpMailer({ url, from: 'Registrations <noreply@example.com>', timeoutMs });
    mailers.push(m);
    return m;
  };

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    mailer = newMailer(smtp.url);
  });
  afterAll(async () => {
    for (const m of mailers) m.onApplicationShutdown();
    await smtp.close();
  });

  it('delivers the welcome e-mail as MIME, text and HTML, with a Message-ID derived from the key', async () => {
    const email = anEmail();
    const { messageId } = await mailer.send(email);

    const [message] = smtp.received.filter((m) => m.rcptTo.includes(email.to));
    expect(message).toMatchObject({ mailFrom: 'noreply@example.com', rcptTo: [email.to], user: 'mailer' });
    expect(messageId).toBe(SmtpMailer.messageIdFor(email.idempotencyKey));
    expect(message.headers).toMatchObject({
      from: 'Registrations <noreply@example.com>',
      to: email.to,
      subject: 'Welcome!',
      'message-id': `<${messageId}@example.com>`,
      'mime-version': '1.0',
    });
    expect(message.headers['content-type']).toMatch(/^multipart\/alternative; boundary=/);
    expect(message.raw).toMatch(/Content-Type: text\/plain[\s\S]*Hello Ada Lovelace,[\s\S]*your account is ready\./);
    expect(message.raw).toMatch(/Content-Type: text\/html[\s\S]*<p>Hello Ada Lovelace,<\/p>/);
  });

  it('escapes the name in the HTML part', async () => {
    const email = anEmail({ data: { name: '<b>Bob</b> & Co', email: 'bob@example.com' } });
    await mailer.send(email);
    const [message] = smtp.received.filter((m) => m.rcptTo.includes(email.to));
    expect(message.raw).toContain('<p>Hello &lt;b&gt;Bob&lt;/b&gt; &amp; Co,</p>');
    expect(message.raw).toContain('Hello <b>Bob</b> & Co,\r\n');
  });

  it('makes a 451 for the recipient transient; the next attempt delivers one message with the same Message-ID', async () => {
    const email = anEmail();
    smtp.rejectRecipients([{ code: 451, message: '4.3.0 Try again later' }], email.to);

    const failure = await failureOf(mailer.send(email));
    expect(failure).toBeInstanceOf(ProviderUnavailableError);
    expect(failure.message).toContain('451');
    const { messageId } = await mailer.send(email);

    const delivered = smtp.received.filter((m) => m.rcptTo.includes(email.to));
    expect(delivered).toHaveLength(1);
    expect(delivered[0].headers['message-id']).toBe(`<${messageId}@example.com>`);
  });

  it('makes a 550 for the recipient a business failure, the address masked in the reason', async () => {
    const email = anEmail({ to: 'nobody@example.com' });
    smtp.rejectRecipients([{ code: 550, message: '5.1.1 <nobody@example.com>: mailbox unavailable' }], email.to);

    const failure = await failureOf(mailer.send(email));
    expect(failure).toBeInstanceOf(ProviderRefusedError);
    expect(failure.message).toMatch(/550 5\.1\.1 <n\*\*\*@example\.com>: mailbox unavailable/);
    expect(failure.message).not.toContain('nobody@');
    expect(smtp.received.filter((m) => m.rcptTo.includes(email.to))).toHaveLength(0);
  });

  it('pools connections: sequential sends share one, 12 at once use at most 5', async () => {
    const pooled = newMailer(smtp.url);
    const before = smtp.connections();
    for (let i = 0; i < 3; i += 1) await pooled.send(anEmail());
    expect(smtp.connections() - before).toBe(1);
    await Promise.all(Array.from({ length: 12 }, () => pooled.send(anEmail())));
    expect(smtp.connections() - before).toBeLessThanOrEqual(5);
  });

  it('makes a refused login a business failure that names no password', async () => {
    const failure = await failureOf(newMailer(smtp.url.replace(SMTP_PASSWORD, 'wrong-password')).send(anEmail()));
    expect(failure).toBeInstanceOf(ProviderRefusedError);
    expect(failure.message).toContain('535');
    expect(failure.message).not.toContain('wrong-password');
  });

  describe('transient failures of the network', () => {
    const broken: Array<{ close(): Promise<void> }> = [];
    afterEach(async () => {
      for (const b of broken.splice(0)) await b.close();
    });

    it('the server gone', async () => {
      const gone = await startSmtpTestServer();
      const m = newMailer(gone.url);
      await m.send(anEmail());
      await gone.close();
      const failure = await failureOf(m.send(anEmail()));
      expect(failure).toBeInstanceOf(ProviderUnavailableError);
      expect(failure.message).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
    });

    it('a connection dropped during DATA', async () => {
      const drop = await startBrokenSmtpServer('drop');
      broken.push(drop);
      const failure = await failureOf(newMailer(drop.url).send(anEmail()));
      expect(failure).toBeInstanceOf(ProviderUnavailableError);
      expect(drop.dropped()).toBe(1);
    });

    it('a server that never greets: the timeout', async () => {
      const silent = await startBrokenSmtpServer('silent');
      broken.push(silent);
      const failure = await failureOf(newMailer(silent.url, 300).send(anEmail()));
      expect(failure).toBeInstanceOf(ProviderUnavailableError);
      expect(failure.message).toContain('ETIMEDOUT');
    });

    it('a server that takes the message and never answers: the timeout', async () => {
      const email = anEmail();
      smtp.stallData(email.to);
      const failure = await failureOf(newMailer(smtp.url, 300).send(email));
      expect(failure).toBeInstanceOf(ProviderUnavailableError);
      expect(failure.message).toContain('ETIMEDOUT');
    });
  });
});
