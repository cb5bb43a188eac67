import { Logger } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';

export type NestLevel = 'log' | 'warn' | 'error';

/**
 * Whether a line at `level` would be written, so a caller can skip building lines nobody reads
 * (the saga narrator builds one per history entry; at LOG_LEVEL=warn most are dropped). pino's
 * root logger answers when the app logs through it (LOG_LEVEL, also if changed at run time); a
 * test app on Nest's own logger gets Nest's answer.
 */
export function logLevelEnabled(level: NestLevel): boolean {
  const root = PinoLogger.root as { isLevelEnabled(level: string): boolean } | undefined;
  if (root) return root.isLevelEnabled(level === 'log' ? 'info' : level);
  return Logger.isLevelEnabled(level);
}
