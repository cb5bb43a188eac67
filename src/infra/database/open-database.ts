import { resolve } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { DatabaseFile } from './database-file.js';
import { runMigrations } from './run-migrations.js';

/** A DataSource on a SQLite file this process holds (DatabaseFile); closing it lets go. */
class FileDataSource extends DataSource {
  constructor(
    options: DataSourceOptions,
    readonly file: DatabaseFile,
  ) {
    super(options);
  }

  override async destroy(): Promise<void> {
    try {
      await super.destroy();
    } finally {
      this.file.release();
    }
  }
}

/**
 * Opens the database and migrates it. A SQLite file is claimed first (DatabaseFile: a second
 * process on it refuses to start) and released when the DataSource is destroyed, whoever
 * destroys it, so the lock lives exactly as long as the connection.
 */
export async function openDatabase(options: DataSourceOptions): Promise<DataSource> {
  if (options.type !== 'better-sqlite3' || options.database === ':memory:') {
    const dataSource = await new DataSource(options).initialize();
    await runMigrations(dataSource);
    return dataSource;
  }
  const file = DatabaseFile.claim(resolve(options.database));
  const dataSource = new FileDataSource(options, file);
  try {
    await dataSource.initialize();
    file.recordOpened();
    await runMigrations(dataSource);
    return dataSource;
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    else file.release();
    throw error;
  }
}

/** The SQLite file `dataSource` holds, or null (PostgreSQL, an in-memory database). */
export function databaseFileOf(dataSource: DataSource): DatabaseFile | null {
  return dataSource instanceof FileDataSource ? dataSource.file : null;
}
