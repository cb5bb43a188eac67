import type { SagaDefinition, StepOutput } from './saga-definition.js';

/** The saga row's `search_keys` value: `|name:value|` per key the definition names, or null. */
export function searchKeysOf(definition: SagaDefinition<never>, input: unknown, outputs: Readonly<Record<string, StepOutput | undefined>>): string | null {
  const keys = definition.searchKeys?.(input as never, outputs);
  if (!keys) return null;
  const parts = Object.entries(keys).filter(([, value]) => typeof value === 'string' && value !== '');
  return parts.length === 0 ? null : `|${parts.map(([name, value]) => `${name}:${value}`).join('|')}|`.slice(0, 600);
}

/** What a GET /sagas filter looks for in `search_keys`. */
export const searchNeedle = (name: string, value: string) => `|${name}:${value}|`;
