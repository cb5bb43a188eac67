import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { expectSettled } from './support/invariants.js';
import { aRegistration, type SagaView, step, waitForSaga } from './support/sagas.js';
import { type ServerProcess, startServer } from './support/server-process.js';
import { SMTP_PASSWORD, type SmtpTestServer, startSmtpTestServer } from './support/smtp-test-server.js';
import { type StripeStandIn, startStripeStandIn } from './support/stripe-stand-in.js';
import { FAST, TEST_KEYS } from './support/test-app.js';

/** Polls `holds` until it is true, failing after `timeoutMs`; never a fixed sleep. */
async function until(what: string, holds: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!holds()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * The built server with PAYMENT_PROVIDER=stripe and MAIL_TRANSPORT=smtp, killed with SIGKILL
 * while Stripe holds a charge or a refund it has already made, and while the SMTP server holds
 * a message it has not acknowledged, then started again: Stripe's idempotency (the stand-in, in
 * this process) sees the same key again and replays, so each saga has one PaymentIntent and at
 * most one refund; the e-mail is sent again and delivered once.
 */
describe('Stripe and SMTP across retries and SIGKILL (built server, stand-ins in the test process)', () => {
  let stripe: StripeStandIn;
  let smtp: SmtpTestServer;
  let folder: string;
  let env: Record<string, string>;
  const start = () => startServer(env, join(folder, 'server.log'));
  const agentOf = (server: ServerProcess): TestAgent => request.agent(server.url).set('Authorization', `Bearer ${TEST_KEYS.admin}`);

  beforeAll(async () => {
    stripe = await startStripeStandIn();
    smtp = await startSmtpTestServer();
    folder = mkdtempSync(join(tmpdir(), 'registration-stripe-crash-'));
    env = {
      API_KEYS: FAST.API_KEYS,
      FAULT_INJECTION: 'on',
      SAGA_RETRY_BASE_MS: '20',
      SAGA_RETRY_MAX_MS: '200',
      SAGA_POLL_INTERVAL_MS: '20',
      SAGA_STEP_MAX_ATTEMPTS: '50',
      DATABASE_URL: `sqlite:${join(folder, 'registrations.db')}`,
      PAYMENT_PROVIDER: 'stripe',
      STRIPE_SECRET_KEY: stripe.secretKey,
      STRIPE_API_URL: stripe.url,
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: smtp.url,
      MAIL_FROM: 'noreply@example.com',
    };
  });
  afterAll(async () => {
    await smtp?.close();
    await stripe?.close();
    if (process.env.KEEP_CRASH_FILES) console.log(`crash test files in ${folder}`);
    else rmSync(folder, { recursive: true, force: true });
  });

  const chargeKey = (sagaId: string) => `${sagaId}:charge-payment:forward`;

  it('charges once per saga, refunds once, mails once, when killed while Stripe executes a charge or a refund (or answers 409 after the restart) and while an e-mail awaits its 250', async () => {
    const first = await start();
    let http = agentOf(first);
    // Each case's charge is told apart by its amount; the refund by its path.
    const killedAfterCharge = aRegistration({ amount: 12.34 });
    const stillExecutingAtRestart = aRegistration({ amount: 23.45 });
    const killedInRefund = aRegistration({ amount: 34.56 });
    const killedInEmail = aRegistration({ amount: 45.67 });
    smtp.rejectRecipients([{ code: 550, message: '5.1.1 mailbox unavailable' }], killedInRefund.email);
    // The server has the whole message but has not said 250: not delivered, by SMTP's rules.
    smtp.stallData(killedInEmail.email, 1);
    const chargeHeld = stripe.hold('amount=1234&');
    const executing = stripe.hold('amount=2345&');
    const refundHeld = stripe.hold('/v1/refunds');

    const ids: string[] = [];
    for (const body of [killedAfterCharge, stillExecutingAtRestart, killedInRefund, killedInEmail]) {
      ids.push((await http.post('/registrations').send(body).expect(202)).body.sagaId);
    }
    try {
      await until('both charges and the refund held at Stripe, the e-mail at the SMTP server', () =>
        chargeHeld.held() === 1 && executing.held() === 1 && refundHeld.held() === 1 && smtp.stalled() === 1,
      );
    } finally {
      expect((await first.kill('SIGKILL')).signal).toBe('SIGKILL');
    }
    // Stripe finishes what it was doing; the answers have nobody to go to.
    chargeHeld.release();
    refundHeld.release();

    const second = await start();
    http = agentOf(second);
    try {
      // The restarted server re-sends the held charge with its key: 409 while Stripe still executes it.
      await until('a 409 for the charge still executing', () =>
        stripe.requests.some((r) => r.idempotencyKey === chargeKey(ids[1]) && r.status === 409),
      );
      executing.release();
      const sagas: SagaView[] = await Promise.all(ids.map((id) => waitForSaga(http, id, undefined, 30_000)));

      expect(sagas.map((s) => s.status)).toEqual(['COMPLETED', 'COMPLETED', 'ROLLED_BACK', 'COMPLETED']);
      for (const saga of sagas) {
        expect({ saga: saga.sagaId, intents: stripe.intentsFor(chargeKey(saga.sagaId)).length }).toEqual({ saga: saga.sagaId, intents: 1 });
        expect(saga.history.some((h) => h.type === 'AttemptRedelivered')).toBe(true);
      }
      expect(step(sagas[1], 'charge-payment').attempts).toBeGreaterThan(1);
      const [intent] = stripe.intentsFor(chargeKey(ids[2]));
      expect(stripe.refunds.filter((r) => r.paymentIntent === intent.id)).toHaveLength(1);
      // The replays: the same key, the first answer, no second effect.
      for (const key of [chargeKey(ids[0]), `${ids[2]}:charge-payment:compensate`]) {
        expect(stripe.requests.filter((r) => r.idempotencyKey === key).map((r) => r.replayed)).toContain(true);
      }
      expect(stripe.requests.some((r) => r.status === 400)).toBe(false);
      await expectSettled(http, sagas);
      for (const body of [killedAfterCharge, stillExecutingAtRestart, killedInEmail]) {
        expect({ to: body.email, mails: smtp.received.filter((m) => m.rcptTo.includes(body.email)).length }).toEqual({ to: body.email, mails: 1 });
      }
      expect(sagas[3].history.some((h) => h.type === 'AttemptRedelivered' && h.step === 'send-notification')).toBe(true);
      const [resent] = smtp.received.filter((m) => m.rcptTo.includes(killedInEmail.email));
      expect(resent.headers['message-id']).toMatch(/^<[0-9a-f]{32}@example\.com>$/);
    } finally {
      await second.kill('SIGKILL');
    }
    const log = readFileSync(join(folder, 'server.log'), 'utf8');
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(stripe.secretKey);
    expect(log).not.toContain(SMTP_PASSWORD);
  }, 90_000);

  it('stops at start-up with one line, naming no secret, when STRIPE_SECRET_KEY is missing', async () => {
    const { spawnSync } = await import('node:child_process');
    const main = join(import.meta.dirname, '../dist/main.js');
    const run = (extra: Record<string, string | undefined>) =>
      spawnSync(process.execPath, [main], { env: { ...process.env, ...env, PORT: '0', ...extra }, encoding: 'utf8', timeout: 20_000 });

    const missing = run({ STRIPE_SECRET_KEY: '' });
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim().split('\n')).toEqual(['Invalid environment variable STRIPE_SECRET_KEY: STRIPE_SECRET_KEY is required when PAYMENT_PROVIDER=stripe']);

    const malformed = run({ STRIPE_SECRET_KEY: 'pk_live_publishable0123' });
    expect(malformed.status).toBe(1);
    expect(malformed.stderr.trim().split('\n')).toHaveLength(1);
    expect(malformed.stderr).toContain('STRIPE_SECRET_KEY (value hidden)');
    expect(malformed.stderr + malformed.stdout).not.toContain('pk_live_publishable0123');
  }, 45_000);
});
