import type { AppConfig } from '../../config/app-config.js';
import type { Direction } from '../registration/registration-steps.js';

export interface RetryPolicy {
  stepMaxAttempts: number;
  stepTimeoutMs: number;
  compensationMaxAttempts: number;
  compensationTimeoutMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long an attempt stays with the process that sent it before another may take it over. */
  leaseMs: number;
}

export const retryPolicyFrom = (config: AppConfig): RetryPolicy => ({
  stepMaxAttempts: config.SAGA_STEP_MAX_ATTEMPTS,
  stepTimeoutMs: config.SAGA_STEP_TIMEOUT_MS,
  compensationMaxAttempts: config.SAGA_COMPENSATION_MAX_ATTEMPTS,
  compensationTimeoutMs: config.SAGA_COMPENSATION_TIMEOUT_MS,
  retryBaseMs: config.SAGA_RETRY_BASE_MS,
  retryMaxMs: config.SAGA_RETRY_MAX_MS,
  leaseMs: config.SAGA_LEASE_MS,
});

/** Activation is the saga's last forward act, so it follows the forward steps' policy. */
export const maxAttempts = (policy: RetryPolicy, direction: Direction) =>
  direction === 'compensate' ? policy.compensationMaxAttempts : policy.stepMaxAttempts;

export const attemptTimeoutMs = (policy: RetryPolicy, direction: Direction) =>
  direction === 'compensate' ? policy.compensationTimeoutMs : policy.stepTimeoutMs;

/**
 * The wait before retry number `retry` (1 for the first retry): base * 2^(retry-1), plus up to
 * 10% jitter so that sagas failing together do not retry in lockstep, capped at retryMaxMs.
 */
export function backoffMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const exponential = policy.retryBaseMs * 2 ** (retry - 1);
  const jitter = exponential * 0.1 * random();
  return Math.round(Math.min(exponential + jitter, policy.retryMaxMs));
}
