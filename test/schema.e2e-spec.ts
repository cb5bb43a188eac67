import { afterAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { removeDatabases, startTestApp } from './support/test-app.js';

describe('schema', () => {
  afterAll(() => removeDatabases());

  it('the committed migrations build exactly the schema the entities describe', async () => {
    const t = await startTestApp();
    try {
      const dataSource = t.app.get(DataSource);
      expect(dataSource.options.synchronize).toBe(false);
      expect((await dataSource.showMigrations())).toBe(false);
      const drift = await dataSource.driver.createSchemaBuilder().log();
      expect(drift.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
