import { describe, expect, it } from '@jest/globals';
import { CommandBus, EventBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { UnitOfWork } from '../src/infra/database/unit-of-work.js';
import { SandboxProvider } from '../src/infra/sandbox/sandbox-provider.js';
import { registrationSaga } from '../src/saga/registration/registration.saga-definition.js';
import { aRegistration } from './support/sagas.js';
import { suiteApp } from './support/test-app.js';

interface Counts {
  /** Write transactions of the service's own that committed. */
  committed: number;
  /** Those the sandbox providers ran for their ledger: Stripe's and the mail provider's database, not ours. */
  provider: number;
  events: number;
  commands: number;
}

/**
 * The write budget of issue 14, on the database the suite runs on (SQLite file, or PostgreSQL
 * under TEST_DATABASE_URL): a happy-path saga of N steps commits at most N + 2 write
 * transactions (DBOS needs one per step plus two per workflow). Counted at the UnitOfWork, the
 * one way the service writes, one saga at a time so every transaction counted is that saga's.
 * Leases are long so no renewal falls inside a saga.
 */
describe('write budget per saga', () => {
  const t = suiteApp({ SAGA_LEASE_MS: '600000' });

  function countWrites(): Counts {
    const counts: Counts = { committed: 0, provider: 0, events: 0, commands: 0 };
    const uow = t.app.get(UnitOfWork);
    const transaction = uow.transaction.bind(uow);
    uow.transaction = async <T>(work: (manager: EntityManager) => Promise<T>): Promise<T> => {
      const result = await transaction(work);
      counts.committed += 1;
      return result;
    };
    const sandbox = t.app.get(SandboxProvider);
    const request = sandbox.request.bind(sandbox);
    sandbox.request = async (...args: Parameters<SandboxProvider['request']>) => {
      const result = await request(...args);
      counts.provider += 1;
      return result as never;
    };
    const events = t.app.get(EventBus);
    const publish = events.publish.bind(events);
    events.publish = ((event: never) => {
      counts.events += 1;
      return publish(event);
    }) as typeof events.publish;
    const commands = t.app.get(CommandBus);
    const execute = commands.execute.bind(commands);
    commands.execute = ((command: never) => {
      counts.commands += 1;
      return execute(command);
    }) as typeof commands.execute;
    return counts;
  }

  it('a completed registration commits at most N + 2 write transactions, N its steps', async () => {
    const steps = registrationSaga.steps.length;
    // A first saga outside the count: the scheduler's start-up pass and lease renewal have run by its end.
    await t.http.post('/registrations').set('Prefer', 'wait=30').send(aRegistration()).expect(200);
    const counts = countWrites();
    const sagas = 5;
    for (let i = 0; i < sagas; i++) {
      const done = await t.http.post('/registrations').set('Prefer', 'wait=30').send(aRegistration()).expect(200);
      expect(done.body.status).toBe('COMPLETED');
      // Each answer recorded once (in its module's transaction, not again from the bus), each step succeeded once.
      const types = (done.body.history as Array<{ type: string }>).map((h) => h.type);
      for (const answer of ['AccountCreated', 'PaymentCharged', 'WelcomeEmailSent', 'AccountActivated']) expect(types.filter((t) => t === answer)).toEqual([answer]);
      expect(types.filter((t) => t === 'StepSucceeded')).toHaveLength(steps);
      expect(types).not.toContain('LateResultIgnored');
    }
    const perSaga = (n: number) => n / sagas;
    const own = perSaga(counts.committed - counts.provider);
    if (process.env.WRITE_BUDGET_REPORT) {
      console.log(`per saga: ${own} own write transactions (+${perSaga(counts.provider)} of the sandbox providers), ${perSaga(counts.events)} events, ${perSaga(counts.commands)} commands`);
    }
    // Start, then one per step: the module's write, the saga's record of its answer and the next decision together.
    expect(own).toBe(steps + 1);
    expect(own).toBeLessThanOrEqual(steps + 2);
    // The providers' ledger: one charge, one e-mail.
    expect(perSaga(counts.provider)).toBe(2);
    // StartRegistration and each step's command; no RecordStepOutcome: every answer was recorded in its module's transaction.
    expect(perSaga(counts.commands)).toBe(steps + 1);
    // Each step's StepDispatched and answer, and SagaFinished.
    expect(perSaga(counts.events)).toBe(2 * steps + 1);
  });
});
