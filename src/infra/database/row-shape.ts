/** How one column's value is converted between the entity and the database. */
export interface Codec {
  toDatabase(value: unknown): unknown;
  fromDatabase(value: unknown): unknown;
}

/** The codec of a column whose value both drivers hand over as it is. */
export const VERBATIM: Codec = { toDatabase: (value) => value, fromDatabase: (value) => value };

/** One column as a row shape sees it, in the table's column order: its property in entities, its codec. */
export interface ShapeColumn {
  propertyName: string;
  codec: Codec;
}

/**
 * The conversions between an entity and its table's rows, each one function compiled for the
 * table's columns when the table is first used.
 *
 * Why compiled: a generic loop (`entity[column.propertyName] = row[i]`) makes every write a
 * keyed store on a name only known at run time, and builds each entity one property at a time.
 * The compiled functions write fixed names and build an entity as one object literal, the shape
 * V8 optimises for. A saga's decisions read about forty rows: measured on this machine, a
 * 22-column saga row took 4.9 µs in the loop and 1.0 µs compiled (with the stored values below
 * kept as a property instead of in a WeakMap).
 *
 * Why rows as arrays: a driver that hands a row over as an object builds it a property at a
 * time, each column's name looked up in V8's string table, and on SQLite that cost more than
 * the statement itself (the saga's joined load, 3 rows of 32 columns: 45-58 µs as objects,
 * 22-26 µs as arrays, `.raw(true)`). The array is also the stored values as they are.
 *
 * The source is built only from the entity's column metadata (our own declarations), each name
 * quoted with JSON.stringify; no value read from a request or the database reaches it.
 */
export interface RowShape<T> {
  /**
   * The entity of a row read as an array (`runSqlRows`) whose first values are the columns in
   * order; its database values are kept with it (`storedValues`).
   */
  fromValues(row: unknown[]): T;
  /** The entity's values as the database takes them, in column order. */
  toRow(entity: T): unknown[];
}

/**
 * Non-enumerable, so spreading an entity, JSON, and test equality never see it; a property of
 * the entity rather than a WeakMap entry, which measured twice as slow to add.
 */
const STORED = Symbol('stored database values');

/**
 * The database values an entity was last read with or written with through a row shape, in
 * column order (what `EntityTable.update` compares against), or undefined.
 */
export function storedValues(entity: object): unknown[] | undefined {
  return (entity as { [STORED]?: unknown[] })[STORED];
}

/** Remembers `values` as the entity's stored values. */
export function rememberValues(entity: object, values: unknown[]): void {
  if (STORED in entity) (entity as { [STORED]: unknown[] })[STORED] = values;
  else Object.defineProperty(entity, STORED, { value: values, writable: true });
}

export function rowShape<T>(columns: ShapeColumn[]): RowShape<T> {
  const codecs = columns.map((column) => column.codec);
  const from = (i: number, value: string) => (codecs[i] === VERBATIM ? value : `codecs[${i}].fromDatabase(${value})`);
  const to = (i: number, value: string) => (codecs[i] === VERBATIM ? value : `codecs[${i}].toDatabase(${value})`);
  const key = (name: string) => JSON.stringify(name);
  const fromValues = `
    const values = row.length === ${columns.length} ? row : row.slice(0, ${columns.length});
    const entity = { ${columns.map((c, i) => `${key(c.propertyName)}: ${from(i, `values[${i}]`)}`).join(', ')} };
    remember(entity, values);
    return entity;`;
  const toRow = `return [${columns.map((c, i) => to(i, `entity[${key(c.propertyName)}]`)).join(', ')}];`;
  return {
    fromValues: new Function('codecs', 'remember', `return (row) => {${fromValues}};`)(codecs, rememberValues) as RowShape<T>['fromValues'],
    toRow: new Function('codecs', `return (entity) => {${toRow}};`)(codecs) as RowShape<T>['toRow'],
  };
}
