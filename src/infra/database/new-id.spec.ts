import { describe, expect, it } from '@jest/globals';
import { validate, version } from 'uuid';
import { newId } from './new-id.js';

describe('newId', () => {
  it('makes distinct version-7 UUIDs that sort in the order they were made, across pool refills', () => {
    const ids: string[] = [];
    for (let i = 0; i < 1000; i++) {
      ids.push(newId());
      if (i % 300 === 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2); // let the clock move
    }
    expect(ids.every((id) => validate(id) && version(id) === 7)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const prefixes = ids.map((id) => id.slice(0, 13));
    expect([...prefixes].sort()).toEqual(prefixes);
  });
});
