import { afterAll, describe, expect, it } from '@jest/globals';
import type { CorrelatedAnswer } from '../src/infra/messages/step-answers.js';
import { StepAnswers } from '../src/infra/messages/step-answers.js';
import { expectNoDoubleEffects, expectSettled } from './support/invariants.js';
import { aRegistration, register, step, waitForSaga } from './support/sagas.js';
import { newDatabaseUrl, removeDatabases, startTestApp, type TestApp } from './support/test-app.js';
import { until } from './support/until.js';

type AfterCommit = (answer: CorrelatedAnswer, announce: (() => void) | null) => void;

/**
 * A step's write, the saga's record of its answer and the next step's dispatch commit in one
 * transaction; the answer and the next command go out only after it. A process that dies in
 * between (here: the first app never gets past that commit, and is closed) must leave a saga
 * that a new process finishes, with every effect once. The first app stands for the dead
 * process exactly at that instant, which a SIGKILL from outside could not aim at.
 */
describe('a process that dies between a step commit and its announcement', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => undefined);
    await removeDatabases();
  });

  it('leaves a saga the next process completes, each effect once', async () => {
    const databaseUrl = await newDatabaseUrl();
    const first = await startTestApp({ DATABASE_URL: databaseUrl });
    apps.push(first);
    const answers = first.app.get(StepAnswers) as unknown as { afterCommit: AfterCommit };
    const afterCommit = answers.afterCommit.bind(answers);
    let lost: CorrelatedAnswer | null = null;
    answers.afterCommit = (answer, announce) => {
      if (lost === null && answer.correlation.step === 'charge-payment' && announce) {
        lost = answer; // committed with its record; neither published nor announced: the process "died" here
        return;
      }
      afterCommit(answer, announce);
    };
    const { sagaId } = await register(first.http, aRegistration());
    await until('the charge committed', async () => lost !== null);
    const stopped = await waitForSaga(first.http, sagaId, () => true);
    // As committed: the charge recorded, the e-mail's first attempt due but never sent.
    expect(stopped.steps.map((s) => [s.name, s.status, s.attempts])).toEqual([
      ['create-account', 'SUCCEEDED', 1],
      ['charge-payment', 'SUCCEEDED', 1],
      ['send-notification', 'RUNNING', 1],
    ]);
    await first.close();
    apps.splice(apps.indexOf(first), 1);

    const second = await startTestApp({ DATABASE_URL: databaseUrl });
    apps.push(second);
    const saga = await waitForSaga(second.http, sagaId);
    expect(saga.status).toBe('COMPLETED');
    await expectSettled(second.http, [saga]);
    await expectNoDoubleEffects(databaseUrl);
    const charged = saga.history.filter((h) => h.type === 'PaymentCharged');
    const succeeded = saga.history.filter((h) => h.type === 'StepSucceeded').map((h) => h.step);
    expect(charged).toHaveLength(1);
    expect(succeeded).toEqual(['create-account', 'charge-payment', 'send-notification', 'activate-account']);
    expect(saga.history.filter((h) => h.type === 'SagaCompleted')).toHaveLength(1);
    expect(step(saga, 'charge-payment').attempts).toBe(1);
  });
});
