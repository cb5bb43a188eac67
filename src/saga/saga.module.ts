import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IncidentBook } from './incidents/incident-book.js';
import { IncidentCounter } from './incidents/incident-counter.entity.js';
import { Incident } from './incidents/incident.entity.js';
import { IncidentsController } from './http/incidents.controller.js';
import { RecordStepOutcomeHandler } from './engine/record-step-outcome.handler.js';
import { RegistrationSaga } from './registration/registration.saga.js';
import { RegistrationsController } from './registration/registrations.controller.js';
import { RetryCompensationsHandler } from './engine/retry-compensations.handler.js';
import { Saga } from './engine/saga.entity.js';
import { SagaCompletion } from './http/saga-completion.js';
import { SagaHistory } from './engine/saga-history.entity.js';
import { SagaMetrics } from './engine/saga-metrics.js';
import { SagaNarrator } from './engine/saga-narrator.js';
import { SagaRunner } from './engine/saga-runner.js';
import { SagaScheduler } from './engine/saga-scheduler.js';
import { SagaStep } from './engine/saga-step.entity.js';
import { SagaStore } from './engine/saga-store.js';
import { SagaViews } from './http/saga-views.js';
import { SagasController } from './http/sagas.controller.js';
import { StartRegistrationHandler } from './registration/start-registration.handler.js';

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
