import type { Type } from '@nestjs/common';
import type { ICommand, IEvent } from '@nestjs/cqrs';
import type { StepCorrelation } from '../../infra/messages/step-correlation.js';
import type { SagaStatus } from './saga-status.js';

/**
 * - `compensatable`: undone by its compensation when a later step fails;
 * - `pivot`: the point of no return; once it has succeeded the saga only goes forward;
 * - `retriable`: after the pivot; retried with capped backoff until it succeeds.
 */
export type StepKind = 'compensatable' | 'pivot' | 'retriable';

/** `forward` runs a step; `compensate` undoes it. */
export type Direction = 'forward' | 'compensate';

/** What a step records when it succeeds, and what its compensation and later steps read. */
export type StepOutput = Record<string, unknown>;

/** The saga's own record of what it has done so far, as a command builder sees it. */
export interface StepContext<I> {
  readonly sagaId: string;
  readonly input: I;
  /** The recorded output of every step that has succeeded, by step name. */
  readonly outputs: Readonly<Record<string, StepOutput | undefined>>;
  /** To be copied onto the command: the module copies it back onto its answer. */
  readonly correlation: StepCorrelation;
  /** The same on every attempt of this step in this direction, so a provider replays instead of repeating. */
  readonly idempotencyKey: string;
}

/** A compensation is built from the output its step recorded (the seed's `${step_output.transaction_id}`). */
export interface CompensationContext<I> extends StepContext<I> {
  readonly output: StepOutput;
}

/** A module event that answers a saga command: it carries the command's correlation back. */
export type AnswerEvent = IEvent & { readonly correlation: StepCorrelation };

/** One event class that answers a command, and what of it the saga records. */
export interface AnswerSpec<E extends AnswerEvent = AnswerEvent> {
  readonly event: Type<E>;
  /** The step's output (success) or the details kept in the history (failure). */
  readonly output?: (event: E) => StepOutput;
}

/** Builds an AnswerSpec with the event's type flowing into `output`. */
export const answer = <E extends AnswerEvent>(event: Type<E>, output?: (event: E) => StepOutput): AnswerSpec =>
  ({ event, output }) as AnswerSpec;

/**
 * The events that answer one command. A failure event that says `retryable: false` counts as a
 * business failure even when listed as transient (an e-mail already taken is not a timeout).
 */
export interface Answers {
  readonly success: readonly AnswerSpec[];
  /** Not retried: the saga compensates at once (a declined card). */
  readonly businessFailure?: readonly AnswerSpec[];
  /** Retried with backoff up to the attempt budget (a provider timeout). */
  readonly transientFailure?: readonly AnswerSpec[];
}

/** Time limit, attempt budget and backoff of one step or compensation; unset fields take the SAGA_* defaults. */
export interface StepPolicy {
  readonly timeoutMs: number;
  /** `Infinity` for a retriable step, which is retried until it succeeds. */
  readonly maxAttempts: number;
  /** The n-th retry waits retryBaseMs * 2^(n-1) plus up to 10 % jitter, capped at retryMaxMs. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
}

/** What an incident says about an effect a given-up compensation (or an unfinished step) leaves in place. */
export interface EffectWords {
  readonly effect: string;
  readonly action: string;
}

export interface CompensationDefinition<I> {
  /** The compensation's own name (`refund-payment`), as its command's correlation spells it. */
  readonly name: string;
  readonly command: (context: CompensationContext<I>) => ICommand;
  readonly answers: Answers;
  readonly policy?: Partial<StepPolicy>;
}

export interface StepDefinition<I> {
  readonly name: string;
  readonly kind: StepKind;
  readonly command: (context: StepContext<I>) => ICommand;
  readonly answers: Answers;
  readonly policy?: Partial<StepPolicy>;
  /** Only `compensatable` steps have one. */
  readonly compensation?: CompensationDefinition<I>;
  /** The incident's words for this step's effect when its compensation was given up. */
  readonly effectInPlace?: (context: { sagaId: string; input: I; output: StepOutput }) => EffectWords;
  /**
   * False for a step that is the saga's machinery rather than one of its business steps (lifting
   * a semantic lock): it runs and is recorded like any other, but the saga view does not list it.
   */
  readonly listed?: boolean;
}

/** The outcome of a finished saga, for the definition's decisions about what it leaves locked. */
export interface FinishedSaga {
  readonly status: SagaStatus;
  /** The status of each step by name. */
  readonly steps: Readonly<Record<string, string>>;
}

/**
 * A saga as data plus small functions, like the seed's step configuration. The engine runs it;
 * it names no module, no step and no field of any saga.
 */
export interface SagaDefinition<I = unknown> {
  /** `user-registration`, `account-closure`, ... */
  readonly type: string;
  /** Recorded on every saga it starts; a saga in flight only ever runs under its own version. */
  readonly version: number;
  readonly steps: readonly StepDefinition<I>[];
  /**
   * The semantic lock the saga holds, as one key (`email:ada@example.com`): unique across all
   * sagas, so a second saga on the same thing cannot start while this one holds it.
   */
  readonly lock?: (input: I) => string | null;
  /** Whether the lock stays held once the saga has finished (an account it made is still live). */
  readonly keepsLock?: (finished: FinishedSaga) => boolean;
  /** Locks held by earlier, finished sagas that this one frees when it completes (a closed account's e-mail). */
  readonly releasesOnCompletion?: (context: { input: I; outputs: Readonly<Record<string, StepOutput | undefined>> }) => string[];
  /** Words for the log: `for ada@example.com`. */
  readonly describe?: (input: I) => string;
  /** Words for an incident's summary: `Registration of ada@example.com`. */
  readonly subject?: (input: I) => string;
  /**
   * Values GET /sagas filters on exactly (`email`, `userId`), from the input and the outputs so
   * far; kept in the saga row, so a filter needs no join.
   */
  readonly searchKeys?: (input: I, outputs: Readonly<Record<string, StepOutput | undefined>>) => Record<string, string | null | undefined>;
  /** The saga's own fields in its view and in GET /sagas items (`email`, `userId`, ...). */
  readonly view?: (input: I, outputs: Readonly<Record<string, StepOutput | undefined>>) => Record<string, unknown>;
}

/** Declares a definition with its input type checked against its steps. */
export const defineSaga = <I>(definition: SagaDefinition<I>): SagaDefinition<I> => definition;
