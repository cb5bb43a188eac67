import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';

/** A query handed to pg as a Query of its own (pg-statement-query.ts), whose answer comes to its callback. */
interface Submitted {
  submit: unknown;
  text: string;
  values?: unknown[];
  callback: (error: Error | null, result: unknown) => void;
}

/** The answer to a Query passed as it is, as a promise: pg returns the query itself. */
function answerOf(submitted: Submitted): Promise<unknown> {
  const answer = new Promise((resolve, reject) => {
    const callback = submitted.callback;
    submitted.callback = (error, result) => {
      callback(error, result);
      if (error) reject(error);
      else resolve(result);
    };
  });
  answer.catch(() => undefined);
  return answer;
}

/**
 * Calls `seen` with the text and values of every query a client of the DataSource's pool sends,
 * as it is sent, and its answer (as a promise, whether `client.query` was handed a config, which
 * it answers with a promise, or a Query of the service's own).
 */
export function onSentQuery(dataSource: DataSource, seen: (text: string, values: unknown[], answer: unknown) => void): void {
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  pool.on('acquire', (client: PoolClient & { counted?: boolean }) => {
    if (client.counted) return;
    client.counted = true;
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: unknown }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text: string; values?: unknown[] } | Submitted;
      const answer = query(...args);
      if (typeof first === 'string') seen(first, (args[1] as unknown[] | undefined) ?? [], answer);
      else seen(first.text, first.values ?? [], 'submit' in first ? answerOf(first) : answer);
      return answer;
    };
  });
}

/** Appends to `sent` the text of every query a client of the DataSource's pool sends, as it is sent. */
export function recordSentQueries(dataSource: DataSource, sent: string[]): void {
  onSentQuery(dataSource, (text) => sent.push(text));
}
