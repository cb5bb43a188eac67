import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AppConfig } from '../../config/app-config.js';
import { AccessGuard } from './access.guard.js';
import { KeyRing } from './key-ring.js';

/** The access model: the configured keys and the guard in front of every route. */
@Module({
  providers: [
    { provide: KeyRing, useFactory: (config: AppConfig) => new KeyRing(config.API_KEYS), inject: [AppConfig] },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
})
export class AccessModule {}
