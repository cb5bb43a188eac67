// The seed's four scenarios against the real service, printed as timelines.
// Usage: npm run demo   (builds, starts the service on a temporary SQLite file, exits 0 when
// every scenario ends as the seed says it should).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PORT = Number(process.env.DEMO_PORT ?? 3999);
const BASE = `http://127.0.0.1:${PORT}`;
const folder = mkdtempSync(join(tmpdir(), 'registration-demo-'));
// A key of this run only: the demo sets faults (admin) and reads incidents (viewer).
const SECRET = randomBytes(24).toString('base64url');

const server = spawn(process.execPath, ['dist/main.js'], {
  env: {
    ...process.env,
    PORT: String(PORT),
    DATABASE_URL: `sqlite:${join(folder, 'demo.db')}`,
    FAULT_INJECTION: 'on',
    API_KEYS: `demo:admin:${SECRET}`,
    SAGA_RETRY_BASE_MS: '250',
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});

const SCENARIOS = [
  {
    title: 'Scenario 1: Complete success',
    body: { email: 'ada@example.com', name: 'Ada Lovelace', amount: 99.99, paymentMethod: 'pm_card_visa' },
    faults: [],
    expected: 'COMPLETED',
  },
  {
    title: 'Scenario 2: Failure with rollback (the welcome e-mail cannot be sent)',
    body: { email: 'grace@example.com', name: 'Grace Hopper', amount: 99.99, paymentMethod: 'pm_card_visa' },
    faults: [{ operation: 'notifications.send', mode: 'error', message: 'SMTP connection timeout', email: 'grace@example.com' }],
    expected: 'ROLLED_BACK',
  },
  {
    title: 'Scenario 3: Compensation failure, retried until it succeeds',
    body: { email: 'alan@example.com', name: 'Alan Turing', amount: 99.99, paymentMethod: 'pm_card_visa' },
    faults: [
      { operation: 'notifications.send', mode: 'error', message: 'SMTP connection timeout', email: 'alan@example.com' },
      { operation: 'payments.refund', mode: 'error', message: 'Payment gateway timeout', times: 2, email: 'alan@example.com' },
    ],
    expected: 'ROLLED_BACK',
  },
  {
    title: 'Scenario 4: Partial rollback (the refund fails permanently)',
    body: { email: 'edsger@example.com', name: 'Edsger Dijkstra', amount: 99.99, paymentMethod: 'pm_card_visa' },
    faults: [
      { operation: 'notifications.send', mode: 'error', message: 'SMTP connection timeout', email: 'edsger@example.com' },
      { operation: 'payments.refund', mode: 'error', message: 'Payment gateway permanently down', email: 'edsger@example.com' },
    ],
    expected: 'PARTIALLY_ROLLED_BACK',
  },
];

const STEP_NUMBER = { 'create-account': 1, 'charge-payment': 2, 'send-notification': 3 };
const FINAL = ['COMPLETED', 'ROLLED_BACK', 'PARTIALLY_ROLLED_BACK'];

async function call(method, path, body) {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: { authorization: `Bearer ${SECRET}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function waitUntilServing() {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${BASE}/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the service did not start');
}

async function waitUntilFinished(sagaId) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { body } = await call('GET', `/sagas/${sagaId}`);
    if (FINAL.includes(body.status) || Date.now() > deadline) return body;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** One history entry as a line of the seed's console output, or null to skip it. */
function describe(entry, saga) {
  const d = entry.data;
  const n = STEP_NUMBER[entry.step];
  switch (entry.type) {
    case 'StepStarted':
      // The registration's last act, a step its view does not list: lifting the PENDING lock.
      if (!n) return '[INFO] Activating the account (lifting the PENDING lock)';
      return d.attempt === 1 ? `[INFO] Step ${n}/3: ${entry.step}` : `[INFO] Step ${n}/3: ${entry.step}, attempt ${d.attempt}`;
    case 'StepSucceeded':
      if (!n) return null;
      return `✓ ${entry.step} succeeded\n    Compensation registered: ${d.compensation}`;
    case 'RetryScheduled':
      return `✗ ${entry.step}${d.direction === 'compensate' ? ' compensation' : ''} FAILED (attempt ${d.failedAttempt}): ${d.error}\n[WARN] Retrying in ${(d.delayMs / 1000).toFixed(2)} s...`;
    case 'StepFailed':
      return `✗ ${entry.step} FAILED after ${d.attempts} attempt(s)\n    Error: ${d.error}`;
    case 'CompensationTriggered':
      return `\n=== SAGA Rollback Initiated ===\n[WARN] Rolling back ${d.order.length} completed step(s): ${d.order.join(' → ') || 'none'}`;
    case 'CompensationStarted':
      return `[INFO] Compensating ${entry.step} (attempt ${d.attempt})`;
    case 'CompensationGivenUp':
      return `✗ Compensation of ${entry.step} FAILED (all ${d.attempts} attempts exhausted)\n    Error: ${d.error}\n[ERROR] Compensation failed permanently!`;
    case 'IncidentOpened':
      return `[CRITICAL] Manual action required:\n${d.actions.map((a) => `  - ${a}`).join('\n')}\nIncident ID: ${d.incidentId}`;
    case 'AccountCreated':
    case 'PaymentCharged':
    case 'WelcomeEmailSent':
      return `    Output: ${JSON.stringify(Object.fromEntries(Object.entries(d).filter(([k]) => !['attempt', 'direction', 'durationMs', 'outcome'].includes(k))))}`;
    case 'PaymentRefunded':
      return `✓ Refund successful\n    Refund ID: ${d.refundId}`;
    case 'AccountDeleted':
      return `✓ Account ${d.userId} deleted`;
    case 'SagaCompleted':
      return '\n=== SAGA Complete ===\n✓ All steps succeeded';
    case 'SagaRolledBack':
      return '\n=== SAGA Rolled Back ===\n✓ All compensations succeeded';
    case 'SagaPartiallyRolledBack':
      return `\n=== SAGA Partially Rolled Back ===\n${saga.steps.map((s) => `  ${s.name}: ${s.status}`).join('\n')}`;
    default:
      return null;
  }
}

function printTimeline(saga) {
  const start = Date.parse(saga.history[0].at);
  for (const entry of saga.history) {
    const line = describe(entry, saga);
    if (!line) continue;
    const offset = `+${Date.parse(entry.at) - start} ms`.padStart(9);
    for (const [i, part] of line.split('\n').entries()) console.log(`${i === 0 ? offset : ' '.repeat(9)}  ${part}`);
  }
  const compensations = saga.steps.filter((s) => s.compensationAttempts > 0);
  const retries = saga.steps.reduce((sum, s) => sum + Math.max(0, s.attempts - 1) + Math.max(0, s.compensationAttempts - 1), 0);
  console.log(`\nFinal state: ${saga.status}   duration: ${Date.parse(saga.finishedAt) - start} ms   compensations: ${compensations.length}   retries: ${retries}`);
}

async function main() {
  await waitUntilServing();
  let failures = 0;
  for (const scenario of SCENARIOS) {
    console.log(`\n${'='.repeat(78)}\n${scenario.title}\n${'='.repeat(78)}`);
    await call('PUT', '/admin/faults', { rules: scenario.faults });
    const started = await call('POST', '/registrations', scenario.body);
    console.log(`POST /registrations ${JSON.stringify(scenario.body)} → ${started.status}, saga ${started.body.sagaId}\n`);
    const saga = await waitUntilFinished(started.body.sagaId);
    printTimeline(saga);
    if (saga.incidentId) {
      const { body: incident } = await call('GET', `/incidents/${saga.incidentId}`);
      console.log(`\nGET /incidents/${incident.id}: ${incident.status}\n  ${incident.effectsInPlace.join('\n  ')}`);
    }
    const ok = saga.status === scenario.expected;
    if (!ok) failures += 1;
    console.log(ok ? `✓ as expected: ${scenario.expected}` : `✗ expected ${scenario.expected}, got ${saga.status}`);
  }
  return failures;
}

let exitCode = 1;
try {
  exitCode = (await main()) === 0 ? 0 : 1;
} catch (error) {
  console.error(`demo failed: ${error.message}`);
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(folder, { recursive: true, force: true });
}
process.exit(exitCode);
