/** The trivial route's load: the framework's ceiling, measured with the same closed loop. */
import type { HttpClient } from './http.js';
import type { Window } from './load.js';
import { round, summarize, type Summary } from './stats.js';

export interface TrivialLoadResult {
  concurrency: number;
  windowSeconds: number;
  requestsPerSec: number;
  latencyMs: Summary;
  errors: Record<string, number>;
}

/** The framework's ceiling: the same closed loop on the trivial app's POST /ping. */
export async function runTrivialLoad(
  options: Window & { client: HttpClient; concurrency: number; runTag: string; onWindow?: (edge: 'open' | 'close') => void },
): Promise<TrivialLoadResult> {
  const { client } = options;
  const t0 = performance.now();
  const measureFrom = t0 + options.warmupMs;
  const measureTo = measureFrom + options.durationMs;
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let okInWindow = 0;
  let seq = 0;
  let opened = false;
  const windowTimer = setTimeout(() => {
    opened = true;
    options.onWindow?.('open');
  }, options.warmupMs);
  const closeTimer = setTimeout(() => options.onWindow?.('close'), options.warmupMs + options.durationMs);
  const workers = Array.from({ length: options.concurrency }, async () => {
    while (performance.now() < measureTo) {
      const i = seq++;
      const body = JSON.stringify({ email: `ping-${options.runTag}-${i}@example.com`, name: `Ping ${i}`, amount: 99.99, currency: 'USD', paymentMethod: 'pm_card_visa' });
      const start = performance.now();
      try {
        const answer = await client.request('POST', '/ping', body, { 'idempotency-key': `${options.runTag}-${i}` });
        const end = performance.now();
        if (answer.status !== 202) errors[`POST ${answer.status}`] = (errors[`POST ${answer.status}`] ?? 0) + 1;
        else if (end >= measureFrom && end < measureTo) okInWindow++;
        if (start >= measureFrom && start < measureTo) latencies.push(end - start);
      } catch (error) {
        const what = `error: ${(error as Error).message}`;
        errors[what] = (errors[what] ?? 0) + 1;
      }
    }
  });
  await Promise.all(workers);
  clearTimeout(windowTimer);
  clearTimeout(closeTimer);
  if (!opened) options.onWindow?.('open');
  const windowSeconds = options.durationMs / 1000;
  return {
    concurrency: options.concurrency,
    windowSeconds,
    requestsPerSec: round(okInWindow / windowSeconds, 1),
    latencyMs: summarize(latencies),
    errors,
  };
}
