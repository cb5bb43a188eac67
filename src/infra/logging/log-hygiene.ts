import type { LoggerOptions } from 'pino';
import { maskEmails } from './mask-email.js';

const CREDENTIAL_FIELDS = new Set(['authorization', 'cookie', 'set-cookie', 'secret', 'API_KEYS']);

/**
 * What no log line may hold, enforced where every line passes (pino), whoever wrote it:
 * e-mail addresses only masked, in the message and in any `email` field, and no credential
 * field at all. The code that logs masks too (the saga narrator); this is the net under it.
 */
export const logHygiene: Pick<LoggerOptions, 'redact' | 'hooks'> = {
  redact: {
    paths: ['email', '*.email', 'authorization', 'headers.authorization', '*.headers.authorization', 'headers.cookie', '*.headers.cookie', 'secret', '*.secret', 'API_KEYS'],
    censor: (value: unknown, path: string[]) => {
      if (CREDENTIAL_FIELDS.has(path[path.length - 1])) return '[Redacted]';
      return typeof value === 'string' ? maskEmails(value) : value;
    },
  },
  hooks: {
    logMethod(args, method) {
      // Only runs for lines whose level is enabled.
      const masked = (args as unknown[]).map((arg) => {
        if (typeof arg === 'string') return maskEmails(arg);
        if (arg && typeof arg === 'object' && typeof (arg as { msg?: unknown }).msg === 'string' && !(arg instanceof Error)) {
          return { ...arg, msg: maskEmails((arg as { msg: string }).msg) };
        }
        return arg;
      });
      return method.apply(this, masked as Parameters<typeof method>);
    },
  },
};
