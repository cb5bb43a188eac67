/**
 * Counts what node-postgres sends: wraps Client#query (every pool client is a Client), which sees
 * each query text once, when it is sent. Transactions are followed per connection from the text
 * (BEGIN, COMMIT/END, ROLLBACK), so a COMMIT is counted when sent: on the happy path the bench
 * measures, every COMMIT sent commits.
 */
import { isWriteSql, noteSql, splitSql, tally } from './tally.js';

interface Connection {
  inTransaction: boolean;
  dirty: boolean;
}
const connections = new WeakMap<object, Connection>();

function note(client: object, statement: string): void {
  let c = connections.get(client);
  if (!c) connections.set(client, (c = { inTransaction: false, dirty: false }));
  if (/^(BEGIN|START\s+TRANSACTION)\b/i.test(statement)) {
    c.inTransaction = true;
    c.dirty = false;
  } else if (/^(COMMIT|END)\b/i.test(statement) && !/^COMMIT\s+PREPARED\b/i.test(statement)) {
    if (c.inTransaction) {
      if (c.dirty) tally.writeCommits++;
      else tally.readCommits++;
    }
    c.inTransaction = false;
  } else if (/^(ROLLBACK|ABORT)\b(?!\s+TO\b)/i.test(statement)) {
    if (c.inTransaction) tally.rollbacks++;
    c.inTransaction = false;
  } else if (isWriteSql(statement)) {
    if (c.inTransaction) c.dirty = true;
    else {
      tally.writeCommits++;
      tally.autocommitWrites++;
    }
  }
}

export function countPostgres(pg: { Client: { prototype: Record<string, unknown> } }): void {
  const proto = pg.Client.prototype;
  const query = proto.query as (this: object, ...args: unknown[]) => unknown;
  proto.query = function (this: object, config: unknown, ...rest: unknown[]) {
    const text = typeof config === 'string' ? config : (config as { text?: unknown } | null)?.text;
    if (typeof text === 'string') {
      tally.roundTrips++;
      noteSql(text, 'executed');
      for (const statement of splitSql(text)) {
        tally.statements++;
        note(this, statement);
      }
    }
    return query.call(this, config, ...rest);
  };
}
