import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';

/**
 * For the TypeORM CLI only (`npm run migration:generate`), never loaded by the service: the
 * entities as compiled in dist/, and the DATABASE_URL to compare them with.
 */
export default new DataSource({
  ...dataSourceOptions(process.env.DATABASE_URL ?? 'sqlite:data/registrations.db'),
  entities: ['dist/**/*.entity.js'],
  synchronize: false,
});
