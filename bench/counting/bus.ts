/**
 * Counts the messages on @nestjs/cqrs's buses: EventBus#publish/publishAll, CommandBus#execute,
 * QueryBus#execute, on the prototypes of the very module instance the service imports.
 */
import { tally } from './tally.js';

type Proto = Record<string, unknown>;
interface Cqrs {
  EventBus: { prototype: Proto };
  CommandBus: { prototype: Proto };
  QueryBus: { prototype: Proto };
}

function wrap(proto: Proto, method: string, count: (args: unknown[]) => void): void {
  const original = proto[method] as (this: unknown, ...args: unknown[]) => unknown;
  if (typeof original !== 'function') return;
  proto[method] = function (this: unknown, ...args: unknown[]) {
    count(args);
    return original.apply(this, args);
  };
}

export function countBus(cqrs: Cqrs): void {
  wrap(cqrs.EventBus.prototype, 'publish', () => tally.events++);
  // publishAll hands each event to the publisher itself, not through publish: no double count.
  wrap(cqrs.EventBus.prototype, 'publishAll', ([events]) => (tally.events += Array.isArray(events) ? events.length : 0));
  wrap(cqrs.CommandBus.prototype, 'execute', () => tally.commands++);
  wrap(cqrs.QueryBus.prototype, 'execute', () => tally.queries++);
}
