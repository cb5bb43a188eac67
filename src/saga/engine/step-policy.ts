import type { AppConfig } from '../../config/app-config.js';
import type { Direction, StepDefinition, StepPolicy } from './saga-definition.js';

/** The engine's clock settings: the SAGA_* defaults of every step's policy, and the lease. */
export interface EngineSettings {
  forward: StepPolicy;
  compensation: StepPolicy;
  /** How long an attempt stays with the process that sent it before another may take it over. */
  leaseMs: number;
}

export const engineSettingsFrom = (config: AppConfig): EngineSettings => ({
  forward: {
    timeoutMs: config.SAGA_STEP_TIMEOUT_MS,
    maxAttempts: config.SAGA_STEP_MAX_ATTEMPTS,
    retryBaseMs: config.SAGA_RETRY_BASE_MS,
    retryMaxMs: config.SAGA_RETRY_MAX_MS,
  },
  compensation: {
    timeoutMs: config.SAGA_COMPENSATION_TIMEOUT_MS,
    maxAttempts: config.SAGA_COMPENSATION_MAX_ATTEMPTS,
    retryBaseMs: config.SAGA_RETRY_BASE_MS,
    retryMaxMs: config.SAGA_RETRY_MAX_MS,
  },
  leaseMs: config.SAGA_LEASE_MS,
});

/**
 * The policy that applies to one step in one direction: the step's own settings over the
 * defaults. A retriable step has no attempt limit: it is retried until it succeeds (and a saga
 * stuck on it opens an incident).
 */
export function policyOf(step: StepDefinition<never>, direction: Direction, settings: EngineSettings): StepPolicy {
  if (direction === 'compensate') return { ...settings.compensation, ...step.compensation?.policy };
  const unlimited = step.kind === 'retriable' ? { maxAttempts: Infinity } : {};
  return { ...settings.forward, ...step.policy, ...unlimited };
}

/**
 * The wait before retry number `retry` (1 for the first retry): base * 2^(retry-1), plus up to
 * 10% jitter so that sagas failing together do not retry in lockstep, capped at retryMaxMs.
 */
export function backoffMs(policy: StepPolicy, retry: number, random: () => number = Math.random): number {
  const exponential = policy.retryBaseMs * 2 ** Math.min(retry - 1, 52);
  const jitter = exponential * 0.1 * random();
  return Math.round(Math.min(exponential + jitter, policy.retryMaxMs));
}
