import type { LoggerOptions } from 'pino';
import { maskEmails, maskUrlEmails } from './mask-email.js';
import { safeError } from './safe-error.js';

const CREDENTIAL_FIELDS = new Set(['authorization', 'cookie', 'set-cookie', 'secret', 'API_KEYS']);

/**
 * What no log line may hold, enforced where every line passes (pino), whoever wrote it:
 * e-mail addresses only masked, in the message and in any `email` or `url` field (also
 * percent-encoded), no credential field at all, and of an error only its type, masked message
 * and masked stack (safeError). The code that logs masks too (the saga narrator); this is the net under it.
 */
export const logHygiene: Pick<LoggerOptions, 'redact' | 'hooks' | 'serializers'> = {
  // An error's own fields (a failed query's parameters) never: see safeError.
  serializers: { err: safeError },
  redact: {
    paths: ['email', '*.email', 'url', '*.url', 'authorization', 'headers.authorization', '*.headers.authorization', 'headers.cookie', '*.headers.cookie', 'secret', '*.secret', 'API_KEYS'],
    censor: (value: unknown, path: string[]) => {
      const field = path[path.length - 1];
      if (CREDENTIAL_FIELDS.has(field)) return '[Redacted]';
      if (typeof value !== 'string') return value;
      return field === 'url' ? maskUrlEmails(value) : maskEmails(value);
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
