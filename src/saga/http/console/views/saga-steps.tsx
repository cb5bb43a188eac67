import type { SagaView } from '../../saga.view.js';
import { type AttemptLine, attemptsOf } from '../saga-timeline.js';
import { between, duration, statusClass, when, words } from './format.js';

type Step = SagaView['steps'][number];

const KIND_WORDS: Record<string, string> = {
  compensatable: 'undone if a later step fails',
  pivot: 'pivot: past it the saga only goes forward',
  retriable: 'retried until it succeeds',
};

/**
 * The steps in the order they run, each with its attempts, and its compensation beside it (the
 * right-hand column) when the definition gives it one. The pivot is marked. Everything comes
 * from the view and the history: no saga type is known here.
 */
export function StepsTimeline({ view, now }: { view: SagaView; now: number }) {
  return (
    <ol class="steps">
      {view.steps.map((step, index) => {
        const attempts = attemptsOf(view.history, step.name);
        const forward = attempts.filter((a) => a.direction === 'forward');
        const compensation = attempts.filter((a) => a.direction === 'compensate');
        // The policy names a compensation time limit exactly when the definition gives the step a compensation.
        const undoable = step.policy?.compensationTimeoutMs != null;
        return (
          <li class={`step${step.kind === 'pivot' ? ' pivot' : ''}`} aria-labelledby={`step-${index}`}>
            <div class="forward">
              <h3 id={`step-${index}`}>
                <span class="position">{index + 1}.</span> {step.name}{' '}
                {step.kind && <span class={`kind kind-${step.kind}`}>{step.kind === 'pivot' ? 'pivot' : step.kind}</span>}
              </h3>
              {step.kind && <p class="muted">{KIND_WORDS[step.kind]}</p>}
              <p>
                <span class={statusClass(step.status)}>{words(step.status)}</span>{' '}
                {step.attempts > 0 && (
                  <span>
                    attempt {step.attempts}
                    {step.policy?.maxAttempts ? ` of ${step.policy.maxAttempts}` : ' (no limit)'}
                  </span>
                )}
                {step.startedAt && <span class="muted"> · {duration(between(step.startedAt, step.finishedAt, now))}</span>}
              </p>
              {step.error && <p class="error-text">{step.error}</p>}
              <Attempts lines={forward} timeoutMs={step.policy?.timeoutMs ?? null} />
              <Output step={step} />
            </div>
            <div class="compensation">
              {undoable ? (
                <>
                  <h4>Undo</h4>
                  <p>
                    {step.compensationAttempts === 0 ? (
                      <span class="muted">not needed so far</span>
                    ) : (
                      <span>
                        attempt {step.compensationAttempts}
                        {step.policy?.compensationMaxAttempts ? ` of ${step.policy.compensationMaxAttempts}` : ''}
                      </span>
                    )}
                  </p>
                  <Attempts lines={compensation} timeoutMs={step.policy?.compensationTimeoutMs ?? null} />
                </>
              ) : (
                <p class="muted">{step.kind === 'compensatable' ? 'nothing to undo' : 'not undone: past the pivot the saga goes forward'}</p>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

function Attempts({ lines, timeoutMs }: { lines: AttemptLine[]; timeoutMs: number | null }) {
  if (lines.length === 0) return null;
  return (
    <ul class="attempts">
      {lines.map((a) => (
        <li class={`attempt outcome-${a.outcome ?? 'out'}`}>
          <span>#{a.attempt}</span> <time datetime={a.startedAt}>{when(a.startedAt).slice(11)}</time>{' '}
          <strong>{a.outcome ?? 'waiting for the answer'}</strong>
          {a.durationMs !== null && <span> in {duration(a.durationMs)}</span>}
          {a.outcome === null && timeoutMs !== null && <span class="muted"> (time limit {duration(timeoutMs)})</span>}
          {a.error && <span class="error-text"> {a.error}</span>}
          {a.retryDelayMs !== null && <span class="muted"> · next attempt after {duration(a.retryDelayMs)}</span>}
        </li>
      ))}
    </ul>
  );
}

function Output({ step }: { step: Step }) {
  if (!step.output || Object.keys(step.output).length === 0) return null;
  return (
    <dl class="output">
      {Object.entries(step.output).map(([name, value]) => (
        <>
          <dt>{name}</dt>
          <dd>{typeof value === 'object' ? JSON.stringify(value) : String(value)}</dd>
        </>
      ))}
    </dl>
  );
}
