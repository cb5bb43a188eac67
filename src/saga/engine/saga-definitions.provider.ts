import type { Provider } from '@nestjs/common';
import type { SagaDefinition } from './saga-definition.js';
import { SagaRegistry } from './saga-registry.js';

/**
 * A provider that registers definitions with the engine while the application is built, so a
 * conflicting one stops the start-up. Keep an old version in the list beside the new one to let
 * the sagas that started under it finish.
 */
export function sagaDefinitions(name: string, definitions: SagaDefinition<never>[]): Provider {
  return {
    provide: `saga-definitions:${name}`,
    inject: [SagaRegistry],
    useFactory: (registry: SagaRegistry) => {
      for (const definition of definitions) registry.register(definition);
      return definitions;
    },
  };
}
