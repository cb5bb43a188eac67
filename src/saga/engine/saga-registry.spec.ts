import { describe, expect, it } from '@jest/globals';
import { answer, type SagaDefinition, type StepDefinition } from './saga-definition.js';
import { SagaRegistry } from './saga-registry.js';

class Done {
  constructor(readonly correlation: { sagaId: string; step: string; attempt: number }) {}
}
const step = (name: string, kind: StepDefinition<never>['kind'], compensation?: string): StepDefinition<never> => ({
  name,
  kind,
  command: () => ({}),
  answers: { success: [answer(Done)] },
  ...(compensation ? { compensation: { name: compensation, command: () => ({}), answers: { success: [answer(Done)] } } } : {}),
});
const definition = (over: Partial<SagaDefinition<never>> = {}): SagaDefinition<never> => ({
  type: 'order-fulfilment',
  version: 1,
  steps: [step('reserve', 'compensatable', 'release'), step('charge', 'pivot'), step('ship', 'retriable')],
  ...over,
});

describe('SagaRegistry', () => {
  it('registers a well-formed definition and finds it by type and version; new sagas take the newest version', () => {
    const registry = new SagaRegistry();
    registry.register(definition());
    registry.register(definition({ version: 2 }));
    expect(registry.find('order-fulfilment', 1)?.version).toBe(1);
    expect(registry.find('order-fulfilment', 3)).toBeNull();
    expect(registry.latest('order-fulfilment').version).toBe(2);
    expect(registry.answerEvents()).toEqual([Done]);
  });

  it('refuses the same type and version twice', () => {
    const registry = new SagaRegistry();
    registry.register(definition());
    expect(() => registry.register(definition())).toThrow('Saga definition order-fulfilment v1 refused: order-fulfilment v1 is registered twice');
  });

  it('refuses a definition whose kinds are out of order or whose names repeat, naming every problem', () => {
    const registry = new SagaRegistry();
    expect(() => registry.register(definition({ steps: [step('ship', 'retriable'), step('charge', 'pivot'), step('reserve', 'compensatable', 'charge')] }))).toThrow(
      /ship is retriable, so it must come after a pivot.*reserve comes after the pivot, so it must be retriable|step and compensation names must be unique, charge repeat/,
    );
    expect(() => registry.register(definition({ steps: [step('a', 'pivot'), step('b', 'pivot')] }))).toThrow('it has 2 pivot steps; a saga has at most one');
    expect(() => registry.register(definition({ steps: [step('a', 'pivot', 'undo-a')] }))).toThrow('a is pivot and cannot have a compensation');
    expect(() => registry.register(definition({ version: 0 }))).toThrow('its version must be a whole number from 1');
  });
});
