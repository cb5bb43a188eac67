import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { SagaModule } from '../../saga/index.js';
import { HealthController } from './health.controller.js';
import { SchedulerHealthIndicator } from './scheduler.health.js';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), SagaModule],
  controllers: [HealthController],
  providers: [SchedulerHealthIndicator],
})
export class HealthModule {}
