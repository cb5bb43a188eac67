import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { UnhandledExceptionBus, type UnhandledExceptionInfo } from '@nestjs/cqrs';
import type { Subscription } from 'rxjs';
import { errorMessage } from '../error-message.js';

/**
 * Logs every exception a command or event handler throws, with its stack. @nestjs/cqrs only
 * logs "... has thrown an unhandled exception." and hands the error to pino as a format
 * argument, where it is lost; the UnhandledExceptionBus carries it intact. Only the message's
 * class and saga id are logged, never the message itself (it can hold an e-mail address).
 */
@Injectable()
export class UnhandledExceptionLogger implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Handlers');
  private subscription: Subscription | null = null;

  constructor(private readonly unhandled: UnhandledExceptionBus) {}

  onModuleInit(): void {
    this.subscription = this.unhandled.subscribe((info) => this.log(info));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  private log({ cause, exception }: UnhandledExceptionInfo): void {
    const name = typeof cause === 'string' ? cause : ((cause as object | undefined)?.constructor?.name ?? 'unknown');
    const err = exception instanceof Error ? exception : new Error(errorMessage(exception));
    const sagaId = sagaIdOf(cause);
    this.logger.error({ err, cause: name, ...(sagaId ? { sagaId } : {}) }, `The handler of ${name} threw: ${err.message}`);
  }
}

/** The saga id a message carries, itself or in one of its fields (a step outcome's answer). */
function sagaIdOf(message: unknown): string | null {
  if (typeof message !== 'object' || message === null) return null;
  for (const candidate of [message, ...Object.values(message)]) {
    // Saga messages carry it as `sagaId` or in their step correlation (an answer the engine records).
    const found = candidate as { sagaId?: unknown; correlation?: { sagaId?: unknown } } | null;
    const sagaId = found?.sagaId ?? found?.correlation?.sagaId;
    if (typeof sagaId === 'string') return sagaId;
  }
  return null;
}
