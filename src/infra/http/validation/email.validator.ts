import { isEmail, ValidateBy, type ValidationOptions } from 'class-validator';
import { firstInvisible, isStorableText, trimAsciiSpace } from './text-rules.js';

const MAX_EMAIL_LENGTH = 254;

/**
 * The form an address is stored and compared in: blanks trimmed, Unicode NFC (so a composed and
 * a decomposed "é" are one address), lower-cased (the domain is case-insensitive by RFC 5321,
 * and the service has always treated the local part so too: ADA@ and ada@ are one account).
 * Anything that is not well-formed text is left as it is for IsRegistrableEmail to refuse.
 */
export function normalizeEmail(value: unknown): unknown {
  if (typeof value !== 'string' || !isStorableText(value)) return value;
  return trimAsciiSpace(value).normalize('NFC').toLowerCase();
}

/** Why `value` is not an address the service takes, or null. */
export function emailRefusal(value: unknown, property: string): string | null {
  if (typeof value !== 'string') return `${property} must be a string`;
  // Checked before isEmail: validator.js's isEmail throws a URIError on a lone surrogate (its
  // byte count goes through encodeURI; validatorjs/validator.js#2822 and #2889, not in 13.15).
  if (!isStorableText(value)) return `${property} must be well-formed text without NUL characters`;
  if (value.length > MAX_EMAIL_LENGTH) return `${property} must be shorter than or equal to ${MAX_EMAIL_LENGTH} characters`;
  const invisible = firstInvisible(value);
  if (invisible) return `${property} must not contain invisible, control or bidi characters (${invisible})`;
  return isEmail(value) ? null : `${property} must be an email`;
}

/**
 * An e-mail address the service can hold and compare: at most 254 characters, no character a
 * person cannot see (zero-width space, soft hyphen, LRM/RLM, bidi embeddings and isolates, BOM,
 * controls), and an address by validator.js. Addresses that differ only by such a character would
 * otherwise pass the uniqueness check as two accounts that look the same.
 */
export function IsRegistrableEmail(validationOptions?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isRegistrableEmail',
      validator: {
        validate: (value: unknown, args) => emailRefusal(value, args!.property) === null,
        defaultMessage: (args) => emailRefusal(args!.value, args!.property) ?? `${args!.property} must be an email`,
      },
    },
    validationOptions,
  );
}
