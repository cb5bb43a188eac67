import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IncidentBook } from './incidents/incident-book.js';
import { IncidentCounter } from './incidents/incident-counter.entity.js';
import { Incident } from './incidents/incident.entity.js';
import { IncidentsController } from './incidents/incidents.controller.js';
import { RecordStepOutcomeHandler } from './record-step-outcome.handler.js';
import { RegistrationSaga } from './registration.saga.js';
import { RegistrationsController } from './registrations.controller.js';
import { RetryCompensationsHandler } from './retry-compensations.handler.js';
import { Saga } from './saga.entity.js';
import { SagaCompletion } from './saga-completion.js';
import { SagaHistory } from './saga-history.entity.js';
import { SagaMetrics } from './saga-metrics.js';
import { SagaNarrator } from './saga-narrator.js';
import { SagaRunner } from './saga-runner.js';
import { SagaScheduler } from './saga-scheduler.js';
import { SagaStep } from './saga-step.entity.js';
import { SagaStore } from './saga-store.js';
import { SagaViews } from './saga-views.js';
import { SagasController } from './sagas.controller.js';
import { StartRegistrationHandler } from './start-registration.handler.js';

@Module({
  imports: [TypeOrmModule.forFeature([Saga, SagaStep, SagaHistory, Incident, IncidentCounter])],
  controllers: [RegistrationsController, SagasController, IncidentsController],
  providers: [
    RegistrationSaga,
    StartRegistrationHandler,
    RecordStepOutcomeHandler,
    RetryCompensationsHandler,
    SagaRunner,
    SagaStore,
    SagaScheduler,
    SagaCompletion,
    SagaNarrator,
    SagaMetrics,
    SagaViews,
    IncidentBook,
  ],
  exports: [SagaScheduler],
})
export class SagaModule {}
