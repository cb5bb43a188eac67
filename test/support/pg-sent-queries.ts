import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Calls `seen` with the text and values of every query a client of the DataSource's pool sends,
 * as it is sent, and its answer (what `client.query` returned: a promise, for every query the
 * service sends).
 */
export function onSentQuery(dataSource: DataSource, seen: (text: string, values: unknown[], answer: unknown) => void): void {
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  pool.on('acquire', (client: PoolClient & { counted?: boolean }) => {
    if (client.counted) return;
    client.counted = true;
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: unknown }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text: string; values?: unknown[] };
      const answer = query(...args);
      if (typeof first === 'string') seen(first, (args[1] as unknown[] | undefined) ?? [], answer);
      else seen(first.text, first.values ?? [], answer);
      return answer;
    };
  });
}

/** Appends to `sent` the text of every query a client of the DataSource's pool sends, as it is sent. */
export function recordSentQueries(dataSource: DataSource, sent: string[]): void {
  onSentQuery(dataSource, (text) => sent.push(text));
}
