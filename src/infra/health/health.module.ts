import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { SagaModule } from '../../saga/index.js';
import { DatabaseHealthIndicator } from './database.health.js';
import { HealthController } from './health.controller.js';
import { SchedulerHealthIndicator } from './scheduler.health.js';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), SagaModule],
  controllers: [HealthController],
  providers: [DatabaseHealthIndicator, SchedulerHealthIndicator],
})
export class HealthModule {}
