import { type IdGenerator, RandomIdGenerator } from '@opentelemetry/sdk-trace-node';

/**
 * Random ids, except for the next span when one is chosen: a saga attempt's span is made when
 * its outcome is committed, but its id is fixed (a hash of the attempt) so that what ran during
 * the attempt, before the span existed, could name it as parent. Set `next` right before
 * `startSpan`, which takes it synchronously.
 */
export class ChosenSpanIds implements IdGenerator {
  next: string | null = null;
  private readonly random = new RandomIdGenerator();

  generateTraceId(): string {
    return this.random.generateTraceId();
  }

  generateSpanId(): string {
    const chosen = this.next;
    this.next = null;
    return chosen ?? this.random.generateSpanId();
  }
}

export const chosenSpanIds = new ChosenSpanIds();
