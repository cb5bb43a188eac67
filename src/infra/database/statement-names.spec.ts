import { describe, expect, it } from '@jest/globals';
import { queryConfig, renameAllStatements, statementName } from './statement-names.js';

describe('queryConfig', () => {
  const sql = 'SELECT "id" FROM "sagas" WHERE "id" = $1';

  it("carries the statement's name, text and row mode, with the values its only own property", () => {
    const config = queryConfig(sql, ['a'], true);
    expect({ name: config.name, text: config.text, rowMode: config.rowMode, values: config.values }).toEqual({ name: statementName(sql), text: sql, rowMode: 'array', values: ['a'] });
    expect(Object.keys(config)).toEqual(['values']);
    expect(queryConfig(sql, ['b'], false).rowMode).toBeUndefined();
    // Each query its own values, over one shared fixed part.
    expect(Object.getPrototypeOf(queryConfig(sql, ['c'], true))).toBe(Object.getPrototypeOf(config));
    expect(config.values).toEqual(['a']);
  });

  it('takes the new name once every statement is renamed', () => {
    const before = queryConfig(sql, [], true).name;
    renameAllStatements();
    const after = queryConfig(sql, [], true).name;
    expect(after).not.toBe(before);
    expect(after).toBe(statementName(sql));
  });
});
