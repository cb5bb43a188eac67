import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../../config/app-config.js';
import { DatabaseFileInUseError } from './database-file.js';
import { dataSourceOptions } from './data-source-options.js';
import { EntityTables } from './entity-table.js';
import { openDatabase } from './open-database.js';
import { UnitOfWork } from './unit-of-work.js';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.DATABASE_URL),
        autoLoadEntities: true,
        // A file another process serves stays served: refuse at once rather than retry.
        toRetry: (error: unknown) => !(error instanceof DatabaseFileInUseError),
      }),
      dataSourceFactory: (options) => openDatabase(options!),
    }),
  ],
  providers: [UnitOfWork, EntityTables],
  exports: [UnitOfWork, EntityTables],
})
export class DatabaseModule {}
