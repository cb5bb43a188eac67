import { describe, expect, it } from '@jest/globals';
import { parseStrictInteger } from './strict-integer.js';

describe('parseStrictInteger', () => {
  it.each([['0', 0], ['5', 5], ['05', 5], ['100', 100], ['999999999999999', 999_999_999_999_999]])('reads %j as %p', (text, value) => {
    expect(parseStrictInteger(text)).toBe(value);
  });

  it.each(['0x10', '1e1', ' 5', '5 ', '', '5.0', '-1', '+1', '0b1', '0o7', 'Infinity', '1_000', '\u0665', '1234567890123456'])('refuses %j', (text) => {
    expect(parseStrictInteger(text)).toBeNull();
  });
});
