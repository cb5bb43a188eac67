/** The saga module's public face. It accepts HTTP requests and no commands from other modules. */
export { SagaModule } from './saga.module.js';
export { SagaScheduler } from './engine/saga-scheduler.js';
