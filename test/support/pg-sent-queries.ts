import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';

/** Appends to `sent` the text of every query a client of the DataSource's pool sends, as it is sent. */
export function recordSentQueries(dataSource: DataSource, sent: string[]): void {
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  pool.on('acquire', (client: PoolClient & { counted?: boolean }) => {
    if (client.counted) return;
    client.counted = true;
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: unknown }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text: string };
      sent.push(typeof first === 'string' ? first : first.text);
      return query(...args);
    };
  });
}
