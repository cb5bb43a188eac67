import type { Logger } from '@nestjs/common';
import { EMPTY, mergeMap, of, type OperatorFunction } from 'rxjs';

/**
 * `map` for @Saga() streams. An error thrown inside a saga stream completes it for good in
 * @nestjs/cqrs (it never reacts again until restart), so a bad message is logged and dropped
 * here instead; the saga's attempt deadline then retries the step.
 */
export function mapSafely<T, R>(project: (value: T) => R, logger: Logger): OperatorFunction<T, R> {
  return mergeMap((value: T) => {
    try {
      return of(project(value));
    } catch (error) {
      logger.error(`Dropped ${(value as object)?.constructor?.name ?? typeof value}: ${(error as Error).message}`);
      return EMPTY;
    }
  });
}
