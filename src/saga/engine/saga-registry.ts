import { Injectable, Logger } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import type { AnswerEvent, SagaDefinition } from './saga-definition.js';

/**
 * Every saga definition this process runs, by type and version. Definitions register while the
 * application is built (see sagaDefinitions); one that conflicts with another, or is not
 * well-formed, stops the start-up with a message that says why.
 */
@Injectable()
export class SagaRegistry {
  private readonly logger = new Logger(SagaRegistry.name);
  private readonly definitions = new Map<string, SagaDefinition<never>>();

  register(definition: SagaDefinition<never>): void {
    const key = keyOf(definition.type, definition.version);
    const problems = problemsOf(definition);
    if (this.definitions.has(key)) problems.push(`${definition.type} v${definition.version} is registered twice`);
    if (problems.length > 0) throw new Error(`Saga definition ${definition.type} v${definition.version} refused: ${problems.join('; ')}`);
    this.definitions.set(key, definition);
    this.logger.log(`Saga definition ${definition.type} v${definition.version} registered (${definition.steps.map((s) => s.name).join(', ')})`);
  }

  /** The definition a saga started under, or null when this process does not run that version. */
  find(type: string, version: number): SagaDefinition<never> | null {
    return this.definitions.get(keyOf(type, version)) ?? null;
  }

  /** The newest registered version of `type`: the one new sagas start under. */
  latest(type: string): SagaDefinition<never> {
    const versions = [...this.definitions.values()].filter((d) => d.type === type);
    if (versions.length === 0) throw new Error(`No saga definition of type ${type} is registered`);
    return versions.reduce((a, b) => (b.version > a.version ? b : a));
  }

  all(): SagaDefinition<never>[] {
    return [...this.definitions.values()];
  }

  /** Every event class some registered step or compensation is answered by. */
  answerEvents(): Type<AnswerEvent>[] {
    const events = new Set<Type<AnswerEvent>>();
    for (const definition of this.definitions.values()) {
      for (const step of definition.steps) {
        for (const answers of [step.answers, step.compensation?.answers]) {
          if (!answers) continue;
          for (const spec of [...answers.success, ...(answers.businessFailure ?? []), ...(answers.transientFailure ?? [])]) events.add(spec.event);
        }
      }
    }
    return [...events];
  }
}

const keyOf = (type: string, version: number) => `${type}@${version}`;

/** What makes a definition unrunnable: the engine would otherwise discover it mid-saga. */
function problemsOf(definition: SagaDefinition<never>): string[] {
  const problems: string[] = [];
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(definition.type)) problems.push('its type must be kebab-case, at most 32 characters');
  if (!Number.isInteger(definition.version) || definition.version < 1) problems.push('its version must be a whole number from 1');
  if (definition.steps.length === 0) problems.push('it has no steps');
  const names = definition.steps.flatMap((s) => [s.name, ...(s.compensation ? [s.compensation.name] : [])]);
  const repeated = names.filter((name, i) => names.indexOf(name) !== i);
  if (repeated.length > 0) problems.push(`step and compensation names must be unique, ${[...new Set(repeated)].join(', ')} repeat`);
  const pivots = definition.steps.filter((s) => s.kind === 'pivot');
  if (pivots.length > 1) problems.push(`it has ${pivots.length} pivot steps; a saga has at most one`);
  const pivotAt = definition.steps.findIndex((s) => s.kind === 'pivot');
  definition.steps.forEach((step, position) => {
    if (step.name.length > 32) problems.push(`step ${step.name} has a name over 32 characters`);
    if (step.kind === 'compensatable' && pivotAt >= 0 && position > pivotAt) problems.push(`${step.name} comes after the pivot, so it must be retriable`);
    if (step.kind === 'retriable' && (pivotAt < 0 || position < pivotAt)) problems.push(`${step.name} is retriable, so it must come after a pivot`);
    if (step.kind !== 'compensatable' && step.compensation) problems.push(`${step.name} is ${step.kind} and cannot have a compensation`);
    if (step.answers.success.length === 0) problems.push(`${step.name} has no success event`);
    if (step.compensation && step.compensation.answers.success.length === 0) problems.push(`${step.compensation.name} has no success event`);
  });
  return problems;
}
