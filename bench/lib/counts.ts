/**
 * The harness side of the counting preload (bench/counting-preload.ts): asks the service for a
 * snapshot of its counters (SIGUSR2), reads the snapshots, and turns two of them into a write
 * budget per saga.
 */
import { existsSync, readFileSync } from 'node:fs';
import { type Tally } from '../counting/tally.js';
import { sleep } from './http.js';
import { type ServerProcess } from './server.js';
import { round } from './stats.js';

export type { Tally };

/** Per saga between two snapshots. */
export interface Budget {
  sagas: number;
  /** Registration's steps (the saga view's `steps`); the budget allows steps + 2 write transactions. */
  steps: number;
  allowed: number;
  writeCommitsPerSaga: number;
  autocommitWritesPerSaga: number;
  readCommitsPerSaga: number;
  rollbacksPerSaga: number;
  statementsPerSaga: number;
  /** pg round trips (null on SQLite). */
  roundTripsPerSaga: number | null;
  eventsPerSaga: number;
  commandsPerSaga: number;
  queriesPerSaga: number;
  /** Events + commands + queries. */
  busPerSaga: number;
  pass: boolean;
}

export class CountsProbe {
  private sent = 0;

  constructor(
    readonly file: string,
    private readonly server: ServerProcess,
  ) {}

  /** Asks for a snapshot now (synchronous, so it can mark a window's edge); returns its number for read(). */
  snapshot(): number {
    this.server.child.kill('SIGUSR2');
    return ++this.sent;
  }

  async read(n: number, timeoutMs = 10_000): Promise<Tally> {
    const path = `${this.file}.snap-${n}`;
    const deadline = performance.now() + timeoutMs;
    while (!existsSync(path)) {
      if (performance.now() > deadline) throw new Error(`the service wrote no counter snapshot ${path} (is the counting preload loaded?)`);
      await sleep(10);
    }
    // Written with one writeFileSync: retry the rare read of a half-written file.
    for (;;) {
      try {
        return JSON.parse(readFileSync(path, 'utf8')) as Tally;
      } catch (error) {
        if (performance.now() > deadline) throw error;
        await sleep(10);
      }
    }
  }

  /** A snapshot taken now and read. */
  async take(): Promise<Tally> {
    return this.read(this.snapshot());
  }
}

export function budgetBetween(before: Tally, after: Tally, sagas: number, steps: number, db: string): Budget {
  const per = (key: keyof Tally) => round((after[key] - before[key]) / Math.max(1, sagas), 2);
  const allowed = steps + 2;
  const writeCommitsPerSaga = per('writeCommits');
  const eventsPerSaga = per('events');
  const commandsPerSaga = per('commands');
  const queriesPerSaga = per('queries');
  return {
    sagas,
    steps,
    allowed,
    writeCommitsPerSaga,
    autocommitWritesPerSaga: per('autocommitWrites'),
    readCommitsPerSaga: per('readCommits'),
    rollbacksPerSaga: per('rollbacks'),
    statementsPerSaga: per('statements'),
    roundTripsPerSaga: db === 'postgres' ? per('roundTrips') : null,
    eventsPerSaga,
    commandsPerSaga,
    queriesPerSaga,
    busPerSaga: round(eventsPerSaga + commandsPerSaga + queriesPerSaga, 2),
    pass: writeCommitsPerSaga <= allowed,
  };
}

/** "N+2 = 6 allowed (4 steps), measured 11 ✗ miss", then statements and bus messages. */
export function budgetLine(b: Budget): string {
  const mark = b.pass ? '✓ pass' : '✗ miss';
  return (
    `write transactions per saga: N+2 = ${b.allowed} allowed (${b.steps} steps), measured ${b.writeCommitsPerSaga} ${mark}` +
    `${b.autocommitWritesPerSaga ? ` (${b.autocommitWritesPerSaga} of them lone autocommit writes)` : ''}; ` +
    `read-only commits ${b.readCommitsPerSaga}; statements ${b.statementsPerSaga}${b.roundTripsPerSaga !== null ? ` (${b.roundTripsPerSaga} round trips)` : ''}; ` +
    `bus messages ${b.busPerSaga} (${b.eventsPerSaga} events, ${b.commandsPerSaga} commands, ${b.queriesPerSaga} queries)` +
    `${b.rollbacksPerSaga ? `; rollbacks ${b.rollbacksPerSaga}` : ''}; over ${b.sagas} sagas`
  );
}
