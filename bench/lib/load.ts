import { randomUUID } from 'node:crypto';
import { type HttpClient, type HttpResult, sleep } from './http.js';
import { EXPECTED, FaultRuleSync, kindOf, type Mix, type SagaKind } from './mix.js';
import { round, summarize, type Summary } from './stats.js';

export const FINAL_STATUSES = ['COMPLETED', 'ROLLED_BACK', 'PARTIALLY_ROLLED_BACK'];

/** When load runs, and which part of it counts. */
export interface Window {
  warmupMs: number;
  durationMs: number;
}

export interface SagaLoadOptions extends Window {
  client: HttpClient;
  /** Closed loop: this many workers, each running one saga after another. */
  concurrency: number;
  /**
   * poll (default): POST, then the same POST with `Prefer: wait=30` until final. single: the first
   * POST already carries `Prefer: wait=30` and is answered with the final view.
   */
  flow?: 'poll' | 'single';
  /** Open loop: start this many sagas per second whatever the answers (concurrency is then ignored). */
  rate?: number;
  /** Open loop: sagas in flight beyond this are not started (counted as `skipped`). */
  maxInFlight?: number;
  /** Start at most this many sagas (the RSS run); the window then covers the whole run. */
  totalSagas?: number;
  mix?: Mix;
  /** Tag that makes e-mails and idempotency keys unique to this run. */
  runTag: string;
  /** Called about once a second with progress. */
  onProgress?: (progress: { elapsedMs: number; started: number; finished: number; inFlight: number }) => void;
  /** Called when the measured window opens and closes (to read CPU and RSS of the server then). */
  onWindow?: (edge: 'open' | 'close') => void;
}

export interface SagaLoadResult {
  mode: 'closed' | 'open';
  flow: 'poll' | 'single';
  concurrency: number | null;
  offeredRate: number | null;
  windowSeconds: number;
  /** Sagas that reached COMPLETED inside the window, per second (POST to COMPLETED). */
  completedPerSec: number;
  /** Sagas that reached any final status inside the window, per second. */
  finishedPerSec: number;
  /** HTTP responses inside the window, per second (2 or more per saga: the POST and the long-poll). */
  httpPerSec: number;
  /** Sagas whose first POST started inside the window. */
  started: number;
  /** Their final statuses (the long-poll's answer). */
  byStatus: Record<string, number>;
  byKind: Record<string, number>;
  /** Sagas whose final status is not the one their kind leads to (e.g. a visa card ROLLED_BACK). */
  unexpected: number;
  /** Sagas not final when the harness stopped waiting. */
  unfinished: number;
  skipped: number;
  mixDowngraded: number;
  errors: Record<string, number>;
  socketRetries: number;
  /** First POST: request sent to its answer (ms): the 202 (poll), or the final view (single). */
  postLatencyMs: Summary;
  /** First POST's start to the long-poll's 200 with COMPLETED, as a client sees it (ms). */
  timeToCompletedMs: Summary;
  /** Same for every final status. */
  timeToFinalMs: Summary;
  /** finishedAt - createdAt of COMPLETED sagas as the service recorded them (ms resolution). */
  serverTimeToCompletedMs: Summary;
  /** Mean POSTs per saga (1 + long-polls; single: 1 unless a saga outlived the 30 s wait). */
  postsPerSaga: number;
  /** Sagas that reached a final status over the whole run, warm-up and drain included. */
  totalFinished: number;
}

interface SagaOutcome {
  kind: SagaKind;
  status: string | null;
  postMs: number;
  finalMs: number | null;
  serverMs: number | null;
  posts: number;
}

/**
 * Registrations over HTTP: POST /registrations (unique e-mail and Idempotency-Key), then the same
 * POST with `Prefer: wait=30` until the saga is final, the long-poll the contract offers (the
 * single flow sends the wait with the first POST).
 */
export async function runSagaLoad(options: SagaLoadOptions): Promise<SagaLoadResult> {
  const { client, mix, runTag } = options;
  const flow = options.flow ?? 'poll';
  const faults = mix && mix.notifyFail > 0 ? new FaultRuleSync(client) : null;
  const t0 = performance.now();
  const unlimited = options.totalSagas === undefined;
  // A timed run counts what happens between warm-up and its end; a run of N sagas counts all of it.
  const measureFrom = unlimited ? t0 + options.warmupMs : t0;
  const measureTo = unlimited ? measureFrom + options.durationMs : Number.POSITIVE_INFINITY;
  const inWindow = (t: number) => t >= measureFrom && t < measureTo;

  const outcomes: SagaOutcome[] = [];
  const errors: Record<string, number> = {};
  const fail = (what: string) => (errors[what] = (errors[what] ?? 0) + 1);
  let seq = 0;
  let started = 0;
  let finished = 0;
  let inFlight = 0;
  let completedInWindow = 0;
  let finishedInWindow = 0;
  let httpInWindow = 0;
  let skipped = 0;
  let mixDowngraded = 0;
  let unfinished = 0;

  const countHttp = () => {
    if (inWindow(performance.now())) httpInWindow++;
  };

  async function post(body: string, key: string, wait: boolean): Promise<HttpResult> {
    const headers: Record<string, string> = { 'idempotency-key': key };
    if (wait) headers.prefer = 'wait=30';
    const result = await client.request('POST', '/registrations', body, headers);
    countHttp();
    return result;
  }

  async function oneSaga(scheduledAt: number | null): Promise<void> {
    const i = seq++;
    let kind = kindOf(i, mix);
    const email = `bench-${runTag}-${i}@example.com`;
    if (kind === 'notify-fail' && !(await faults!.add(email))) {
      kind = 'ok';
      mixDowngraded++;
    }
    const paymentMethod = kind === 'declined' ? 'pm_card_chargeDeclined' : 'pm_card_visa';
    const body = JSON.stringify({ email, name: `Bench ${i}`, amount: 99.99, currency: 'USD', paymentMethod });
    const key = `${runTag}-${i}-${randomUUID()}`;
    // Open loop: measure from when the saga was due, not when it could be sent.
    const start = scheduledAt ?? performance.now();
    const counted = inWindow(start);
    const outcome: SagaOutcome = { kind, status: null, postMs: 0, finalMs: null, serverMs: null, posts: 0 };
    inFlight++;
    try {
      let answer = await post(body, key, flow === 'single');
      outcome.posts++;
      outcome.postMs = performance.now() - start;
      if (answer.status !== 202 && answer.status !== 200) {
        fail(`POST ${answer.status}: ${answer.body.slice(0, 120)}`);
        return;
      }
      let view = JSON.parse(answer.body) as { status: string; createdAt: string; finishedAt: string | null };
      const giveUpAt = performance.now() + 120_000;
      while (!FINAL_STATUSES.includes(view.status)) {
        if (performance.now() > giveUpAt) {
          unfinished++;
          return;
        }
        answer = await post(body, key, true);
        outcome.posts++;
        if (answer.status !== 202 && answer.status !== 200) {
          fail(`long-poll ${answer.status}: ${answer.body.slice(0, 120)}`);
          return;
        }
        view = JSON.parse(answer.body);
      }
      const end = performance.now();
      outcome.status = view.status;
      outcome.finalMs = end - start;
      if (view.finishedAt) outcome.serverMs = Date.parse(view.finishedAt) - Date.parse(view.createdAt);
      finished++;
      if (inWindow(end)) {
        finishedInWindow++;
        if (view.status === 'COMPLETED') completedInWindow++;
      }
    } catch (error) {
      fail(`error: ${(error as Error).message}`);
    } finally {
      inFlight--;
      if (kind === 'notify-fail') faults!.remove(email);
      if (counted) outcomes.push(outcome);
    }
  }

  const progress = setInterval(() => {
    options.onProgress?.({ elapsedMs: performance.now() - t0, started, finished, inFlight });
  }, 1000);
  const edges = unlimited
    ? [
        setTimeout(() => options.onWindow?.('open'), options.warmupMs),
        setTimeout(() => options.onWindow?.('close'), options.warmupMs + options.durationMs),
      ]
    : [];
  if (!unlimited) options.onWindow?.('open');
  const mayStart = () => performance.now() < measureTo && (unlimited || started < options.totalSagas!);

  try {
    if (options.rate) {
      const interval = 1000 / options.rate;
      const maxInFlight = options.maxInFlight ?? 20_000;
      const running = new Set<Promise<void>>();
      let due = 0;
      while (mayStart()) {
        const now = performance.now();
        while (due * interval <= now - t0 && mayStart()) {
          const scheduledAt = t0 + due * interval;
          due++;
          if (inFlight >= maxInFlight) {
            skipped++;
            continue;
          }
          started++;
          const task = oneSaga(scheduledAt);
          running.add(task);
          void task.finally(() => running.delete(task));
        }
        await sleep(1);
      }
      await Promise.all(running);
    } else {
      await Promise.all(
        Array.from({ length: options.concurrency }, async () => {
          while (mayStart()) {
            started++;
            await oneSaga(null);
          }
        }),
      );
    }
  } finally {
    clearInterval(progress);
  }
  // Sagas started in the window but still in flight when it closed were waited for: their latencies
  // count, their completions (after the window) do not count towards the rates.
  const runEnd = performance.now();
  if (!unlimited) options.onWindow?.('close');
  else if (runEnd < measureTo) {
    edges.forEach(clearTimeout);
    options.onWindow?.('close');
  }
  const windowSeconds = unlimited ? options.durationMs / 1000 : (runEnd - t0) / 1000;

  const byStatus: Record<string, number> = {};
  const byKind: Record<string, number> = {};
  let unexpected = 0;
  let posts = 0;
  for (const o of outcomes) {
    byKind[o.kind] = (byKind[o.kind] ?? 0) + 1;
    posts += o.posts;
    if (o.status === null) continue;
    byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
    if (o.status !== EXPECTED[o.kind]) unexpected++;
  }
  const completed = outcomes.filter((o) => o.status === 'COMPLETED');
  return {
    mode: options.rate ? 'open' : 'closed',
    flow,
    concurrency: options.rate ? null : options.concurrency,
    offeredRate: options.rate ?? null,
    windowSeconds: round(windowSeconds),
    completedPerSec: round(completedInWindow / windowSeconds, 1),
    finishedPerSec: round(finishedInWindow / windowSeconds, 1),
    httpPerSec: round(httpInWindow / windowSeconds, 1),
    started: outcomes.length,
    byStatus,
    byKind,
    unexpected,
    unfinished,
    skipped,
    mixDowngraded,
    errors,
    socketRetries: client.retries,
    postLatencyMs: summarize(outcomes.filter((o) => o.posts > 0).map((o) => o.postMs)),
    timeToCompletedMs: summarize(completed.map((o) => o.finalMs!)),
    timeToFinalMs: summarize(outcomes.filter((o) => o.finalMs !== null).map((o) => o.finalMs!)),
    serverTimeToCompletedMs: summarize(completed.filter((o) => o.serverMs !== null).map((o) => o.serverMs!)),
    postsPerSaga: round(outcomes.length ? posts / outcomes.length : 0),
    totalFinished: finished,
  };
}
