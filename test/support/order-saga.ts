import { Inject, Module, type Type } from '@nestjs/common';
import { CommandHandler, EventBus } from '@nestjs/cqrs';
import type { StepCorrelation } from '../../src/infra/messages/step-correlation.js';
import { OperationFailed } from '../../src/infra/messages/operation-failed.event.js';
import { answer, defineSaga, type SagaDefinition, type StepOutput } from '../../src/saga/engine/saga-definition.js';
import { sagaDefinitions } from '../../src/saga/engine/saga-definitions.provider.js';
import { SagaModule } from '../../src/saga/saga.module.js';

/**
 * A third saga that exists only in the tests: an order (reserve stock, charge the card as the
 * pivot, ship, tell the customer), run by the real engine on the real database with no engine
 * change. Its "modules" are the handlers below, scripted by `warehouse`.
 */
export interface OrderInput {
  orderId: string;
  sku: string;
  quantity: number;
}

class OrderCommand {
  constructor(
    readonly correlation: StepCorrelation,
    readonly idempotencyKey: string,
    readonly detail: Record<string, unknown>,
  ) {}
}
export class ReserveStock extends OrderCommand {}
export class ReleaseStock extends OrderCommand {}
export class ChargeCard extends OrderCommand {}
export class ShipOrder extends OrderCommand {}
export class NotifyCustomer extends OrderCommand {}

/** One event class answers every step: the correlation, not the class, says which. */
export class OrderStepDone {
  constructor(
    readonly correlation: StepCorrelation,
    readonly output: StepOutput,
  ) {}
}
export class OrderStepFailed extends OperationFailed {}

/** What the fake modules do, per command class: answer, fail (transiently or not), or never answer. */
export const warehouse = {
  /** Commands received, by idempotency key (a redelivery arrives with the same key). */
  calls: new Map<string, number>(),
  failures: new Map<string, { times: number; retryable: boolean }>(),
  hang: new Set<string>(),
  reset() {
    this.calls.clear();
    this.failures.clear();
    this.hang.clear();
  },
};

function handlerFor(command: Type<OrderCommand>, output: (c: OrderCommand) => StepOutput): Type {
  class Handler {
    constructor(private readonly events: EventBus) {}
    async execute(c: OrderCommand) {
      warehouse.calls.set(c.idempotencyKey, (warehouse.calls.get(c.idempotencyKey) ?? 0) + 1);
      if (warehouse.hang.has(command.name)) return;
      const failure = warehouse.failures.get(command.name);
      if (failure && failure.times > 0) {
        failure.times -= 1;
        this.events.publish(new OrderStepFailed(c.correlation, `${command.name} failed`, failure.retryable));
        return;
      }
      this.events.publish(new OrderStepDone(c.correlation, output(c)));
    }
  }
  Object.defineProperty(Handler, 'name', { value: `${command.name}Handler` });
  Inject(EventBus)(Handler, undefined, 0);
  CommandHandler(command)(Handler);
  return Handler;
}

const done = [answer(OrderStepDone, (e) => e.output)];
const failed = [answer(OrderStepFailed)];

function orderSaga(version: number, shipName: string): SagaDefinition<OrderInput> {
  return defineSaga<OrderInput>({
    type: 'order-fulfilment',
    version,
    lock: (input) => `order:${input.orderId}`,
    describe: (input) => `for order ${input.orderId}`,
    view: (input, outputs) => ({ orderId: input.orderId, trackingNumber: outputs[shipName]?.trackingNumber ?? null }),
    steps: [
      {
        name: 'reserve-stock',
        kind: 'compensatable',
        command: ({ correlation, idempotencyKey, input }) => new ReserveStock(correlation, idempotencyKey, { sku: input.sku, quantity: input.quantity }),
        answers: { success: done, transientFailure: failed },
        compensation: {
          name: 'release-stock',
          command: ({ correlation, idempotencyKey, output }) => new ReleaseStock(correlation, idempotencyKey, { reservationId: output.reservationId }),
          answers: { success: done, transientFailure: failed },
        },
        effectInPlace: ({ output }) => ({ effect: `Reservation ${output.reservationId} was not released`, action: `release ${output.reservationId} by hand` }),
      },
      {
        name: 'charge-card',
        kind: 'pivot',
        command: ({ correlation, idempotencyKey, outputs }) => new ChargeCard(correlation, idempotencyKey, { reservationId: outputs['reserve-stock']?.reservationId }),
        answers: { success: done, businessFailure: failed },
      },
      {
        name: shipName,
        kind: 'retriable',
        policy: { retryBaseMs: 5, retryMaxMs: 20 },
        command: ({ correlation, idempotencyKey, outputs }) => new ShipOrder(correlation, idempotencyKey, { chargeId: outputs['charge-card']?.chargeId }),
        answers: { success: done, transientFailure: failed },
      },
      {
        name: 'notify-customer',
        kind: 'retriable',
        command: ({ correlation, idempotencyKey, outputs }) => new NotifyCustomer(correlation, idempotencyKey, { trackingNumber: outputs[shipName]?.trackingNumber }),
        answers: { success: done, transientFailure: failed },
      },
    ],
  });
}

/** v1 ships with `ship-order`; v2 renamed the step `dispatch-parcel` (a change sagas in flight must not see). */
export const orderSagaV1 = orderSaga(1, 'ship-order');
export const orderSagaV2 = orderSaga(2, 'dispatch-parcel');

const HANDLERS = [
  handlerFor(ReserveStock, (c) => ({ reservationId: `res-${c.correlation.sagaId.slice(-6)}` })),
  handlerFor(ReleaseStock, (c) => ({ released: c.detail.reservationId })),
  handlerFor(ChargeCard, (c) => ({ chargeId: `ch-${c.correlation.sagaId.slice(-6)}` })),
  handlerFor(ShipOrder, (c) => ({ trackingNumber: `TRK-${String(c.detail.chargeId).slice(3)}` })),
  handlerFor(NotifyCustomer, () => ({ notified: true })),
];

/** The order saga's definitions (as given) and its fake modules, for startTestApp's `imports`. */
export function orderModule(definitions: SagaDefinition<OrderInput>[]) {
  @Module({ imports: [SagaModule], providers: [sagaDefinitions('order', definitions as SagaDefinition<never>[]), ...HANDLERS] })
  class OrderSagaModule {}
  return OrderSagaModule;
}
