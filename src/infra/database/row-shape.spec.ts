import { describe, expect, it } from '@jest/globals';
import { type Codec, rememberValues, rowShape, storedValues, VERBATIM } from './row-shape.js';

const doubled: Codec = { toDatabase: (value) => String(Number(value) * 2), fromDatabase: (value) => Number(value) / 2 };

interface Thing {
  id: string;
  'odd"name': string | null;
  count: number;
}

const shape = rowShape<Thing>([
  { propertyName: 'id', codec: VERBATIM },
  // A name that needs quoting in the generated source stays a plain property.
  { propertyName: 'odd"name', codec: VERBATIM },
  { propertyName: 'count', codec: doubled },
]);

describe('rowShape', () => {
  it('builds an entity from a row through each column codec, and a row from an entity', () => {
    const entity = shape.fromValues(['a', null, '14']);
    expect(entity).toEqual({ id: 'a', 'odd"name': null, count: 7 });
    expect(shape.toRow({ ...entity, count: 8 })).toEqual(['a', null, '16']);
  });

  it("keeps the row's database values with the entity, out of sight of spreads, JSON and equality", () => {
    const entity = shape.fromValues(['a', 'x', '14']);
    expect(storedValues(entity)).toEqual(['a', 'x', '14']);
    expect(Object.keys(entity)).toEqual(['id', 'odd"name', 'count']);
    expect(storedValues({ ...entity })).toBeUndefined();
    expect(JSON.parse(JSON.stringify(entity))).toEqual({ id: 'a', 'odd"name': 'x', count: 7 });
    rememberValues(entity, ['a', 'y', '16']);
    expect(storedValues(entity)).toEqual(['a', 'y', '16']);
  });

  it('gives each entity its own stored values', () => {
    const [first, second] = [['a', null, '2'], ['b', null, '4']].map((row) => shape.fromValues(row));
    expect([storedValues(first), storedValues(second)]).toEqual([['a', null, '2'], ['b', null, '4']]);
  });

  it('reads its columns from the start of a longer row, and stores only those', () => {
    expect(shape.fromValues(['c', null, '8', 'extra'])).toEqual({ id: 'c', 'odd"name': null, count: 4 });
    expect(storedValues(shape.fromValues(['c', null, '8', 'extra']))).toEqual(['c', null, '8']);
  });
});
