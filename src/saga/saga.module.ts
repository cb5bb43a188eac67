import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountClosureDefinition } from './account-closure/account-closure-definition.provider.js';
import { AccountClosuresController } from './account-closure/account-closures.controller.js';
import { StartAccountClosureHandler } from './account-closure/start-account-closure.handler.js';
import { AnswerRecording } from './engine/answer-recording.js';
import { CancelSagaHandler } from './engine/cancel-saga.handler.js';
import { RecordStepOutcomeHandler } from './engine/record-step-outcome.handler.js';
import { RetrySagaHandler } from './engine/retry-saga.handler.js';
import { SagaHistory } from './engine/saga-history.entity.js';
import { SagaInstance } from './engine/saga-instance.entity.js';
import { SagaMetrics } from './engine/saga-metrics.js';
import { SagaNarrator } from './engine/saga-narrator.js';
import { SagaRegistry } from './engine/saga-registry.js';
import { SagaRunner } from './engine/saga-runner.js';
import { SagaScheduler } from './engine/saga-scheduler.js';
import { SagaSpans } from './engine/saga-spans.js';
import { SagaStarter } from './engine/saga-starter.js';
import { SagaStep } from './engine/saga-step.entity.js';
import { SagaStore } from './engine/saga-store.js';
import { SagaWiring } from './engine/saga-wiring.saga.js';
import { CONSOLE_CONTROLLERS, CONSOLE_PROVIDERS } from './http/console/console.providers.js';
import { IncidentsController } from './http/incidents.controller.js';
import { SagaCompletion } from './http/saga-completion.js';
import { SagaViews } from './http/saga-views.js';
import { SagasController } from './http/sagas.controller.js';
import { IncidentBook } from './incidents/incident-book.js';
import { IncidentCounter } from './incidents/incident-counter.entity.js';
import { Incident } from './incidents/incident.entity.js';
import { RegistrationDefinition } from './registration/registration-definition.provider.js';
import { RegistrationsController } from './registration/registrations.controller.js';
import { StartRegistrationHandler } from './registration/start-registration.handler.js';
import { WebhookDelivery } from './webhooks/webhook-delivery.entity.js';
import { WebhookMetrics } from './webhooks/webhook-metrics.js';
import { WebhookOutbox } from './webhooks/webhook-outbox.js';
import { WebhookSender } from './webhooks/webhook-sender.js';
import { WebhookWorker } from './webhooks/webhook-worker.js';

/**
 * The saga engine, its HTTP face, and the sagas this service runs. A definition registers
 * through a `sagaDefinitions(...)` provider; a module elsewhere may add its own by importing
 * this one (SagaRegistry is exported).
 */
@Module({
  imports: [TypeOrmModule.forFeature([SagaInstance, SagaStep, SagaHistory, Incident, IncidentCounter, WebhookDelivery])],
  controllers: [RegistrationsController, AccountClosuresController, SagasController, IncidentsController, ...CONSOLE_CONTROLLERS],
  providers: [
    SagaRegistry,
    SagaWiring,
    AnswerRecording,
    RecordStepOutcomeHandler,
    RetrySagaHandler,
    CancelSagaHandler,
    SagaRunner,
    SagaStarter,
    SagaStore,
    SagaScheduler,
    SagaNarrator,
    SagaMetrics,
    SagaSpans,
    IncidentBook,
    SagaCompletion,
    SagaViews,
    RegistrationDefinition,
    StartRegistrationHandler,
    AccountClosureDefinition,
    StartAccountClosureHandler,
    WebhookOutbox,
    WebhookSender,
    WebhookWorker,
    WebhookMetrics,
    ...CONSOLE_PROVIDERS,
  ],
  exports: [SagaScheduler, SagaRegistry, SagaStarter, SagaViews, SagaCompletion],
})
export class SagaModule {}
