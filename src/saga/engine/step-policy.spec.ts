import { describe, expect, it } from '@jest/globals';
import type { StepDefinition, StepPolicy } from './saga-definition.js';
import { backoffMs, type EngineSettings, policyOf } from './step-policy.js';

const POLICY: StepPolicy = { timeoutMs: 30_000, maxAttempts: 3, retryBaseMs: 2_000, retryMaxMs: 60_000 };
const SETTINGS: EngineSettings = { forward: POLICY, compensation: { ...POLICY, timeoutMs: 60_000, maxAttempts: 5 }, leaseMs: 600_000 };

const noJitter = () => 0;
/** The largest value Math.random() can return. */
const fullJitter = () => 1 - Number.EPSILON;

describe('backoffMs', () => {
  it('waits base * 2^(n-1) before the n-th retry', () => {
    const waits = [1, 2, 3, 4, 5].map((retry) => backoffMs(POLICY, retry, noJitter));

    expect(waits).toEqual([2_000, 4_000, 8_000, 16_000, 32_000]);
  });

  it('follows the configured base', () => {
    const policy = { ...POLICY, retryBaseMs: 250 };

    expect([1, 2, 3].map((retry) => backoffMs(policy, retry, noJitter))).toEqual([250, 500, 1_000]);
  });

  it('adds at most 10% jitter', () => {
    expect(backoffMs(POLICY, 1, fullJitter)).toBe(2_200);
    expect(backoffMs(POLICY, 3, fullJitter)).toBe(8_800);
    expect(backoffMs(POLICY, 2, () => 0.5)).toBe(4_200);
  });

  it('stays within [exponential, exponential * 1.1] for any random value', () => {
    for (const random of [0, 0.123, 0.5, 0.999, 1 - Number.EPSILON]) {
      for (const retry of [1, 2, 3, 4]) {
        const exponential = POLICY.retryBaseMs * 2 ** (retry - 1);
        const wait = backoffMs(POLICY, retry, () => random);
        expect(wait).toBeGreaterThanOrEqual(exponential);
        expect(wait).toBeLessThanOrEqual(exponential * 1.1);
        expect(Number.isInteger(wait)).toBe(true);
      }
    }
  });

  it('never waits longer than retryMaxMs, jitter included', () => {
    expect(backoffMs(POLICY, 6, noJitter)).toBe(60_000); // 64 s capped
    expect(backoffMs(POLICY, 20, fullJitter)).toBe(60_000);
    expect(backoffMs({ ...POLICY, retryMaxMs: 5_000 }, 3, noJitter)).toBe(5_000);
    // 32 s plus up to 3.2 s of jitter is still below the cap
    expect(backoffMs(POLICY, 5, fullJitter)).toBe(35_200);
  });

  it('uses Math.random for jitter by default', () => {
    const wait = backoffMs(POLICY, 2);

    expect(wait).toBeGreaterThanOrEqual(4_000);
    expect(wait).toBeLessThanOrEqual(4_400);
  });
});

describe('policyOf', () => {
  const step = (over: Partial<StepDefinition<never>>) => ({ name: 's', kind: 'compensatable', command: () => ({}), answers: { success: [] }, ...over }) as StepDefinition<never>;

  it('gives compensations their own budget and timeout (the SAGA_COMPENSATION_* defaults)', () => {
    expect(policyOf(step({}), 'forward', SETTINGS)).toEqual(POLICY);
    expect(policyOf(step({}), 'compensate', SETTINGS)).toEqual({ ...POLICY, timeoutMs: 60_000, maxAttempts: 5 });
  });

  it("takes a step's own settings over the defaults, per direction", () => {
    const own = step({ policy: { timeoutMs: 1_000, maxAttempts: 7 }, compensation: { name: 'undo', command: () => ({}), answers: { success: [] }, policy: { retryMaxMs: 9 } } });
    expect(policyOf(own, 'forward', SETTINGS)).toEqual({ ...POLICY, timeoutMs: 1_000, maxAttempts: 7 });
    expect(policyOf(own, 'compensate', SETTINGS)).toEqual({ ...SETTINGS.compensation, retryMaxMs: 9 });
  });

  it('retries a retriable step without limit, whatever it sets', () => {
    expect(policyOf(step({ kind: 'retriable' }), 'forward', SETTINGS).maxAttempts).toBe(Infinity);
    expect(policyOf(step({ kind: 'retriable', policy: { maxAttempts: 50 } }), 'forward', SETTINGS).maxAttempts).toBe(Infinity);
  });
});
