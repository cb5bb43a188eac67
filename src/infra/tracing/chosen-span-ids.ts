import { randomFillSync } from 'node:crypto';
import type { IdGenerator } from '@opentelemetry/sdk-trace-node';

/** Random bytes drawn at a time, as hex: 256 span ids' worth. */
const POOL_BYTES = 2048;

/**
 * Random ids, except for the next span when one is chosen: a saga attempt's span is made when
 * its outcome is committed, but its id is fixed (a hash of the attempt) so that what ran during
 * the attempt, before the span existed, could name it as parent. Set `next` right before
 * `startSpan`, which takes it synchronously.
 *
 * The random ids are slices of one hex string made from 2 kB of `randomFillSync` at a time:
 * the SDK's RandomIdGenerator converts a buffer to hex per id (about 2 µs each, six per
 * registration in the --telemetry profile).
 */
export class ChosenSpanIds implements IdGenerator {
  next: string | null = null;
  private readonly bytes = Buffer.allocUnsafe(POOL_BYTES);
  private pool = '';
  private offset = 0;

  generateTraceId(): string {
    return this.random(32);
  }

  generateSpanId(): string {
    const chosen = this.next;
    this.next = null;
    return chosen ?? this.random(16);
  }

  /** `digits` random hex digits, never all zero (an invalid id). */
  private random(digits: number): string {
    for (;;) {
      if (this.offset + digits > this.pool.length) {
        randomFillSync(this.bytes);
        this.pool = this.bytes.toString('hex');
        this.offset = 0;
      }
      const id = this.pool.slice(this.offset, (this.offset += digits));
      if (!/^0+$/.test(id)) return id;
    }
  }
}

export const chosenSpanIds = new ChosenSpanIds();
