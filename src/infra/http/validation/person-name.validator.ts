import { ValidateBy, type ValidationOptions } from 'class-validator';
import { firstForbiddenInName, isStorableText, trimAsciiSpace } from './text-rules.js';

/** Blanks trimmed and Unicode NFC; anything that is not well-formed text is left for IsPersonName to refuse. */
export function normalizeName(value: unknown): unknown {
  if (typeof value !== 'string' || !isStorableText(value)) return value;
  return trimAsciiSpace(value).normalize('NFC');
}

function nameRefusal(value: unknown, property: string, maxLength: number): string | null {
  if (typeof value !== 'string') return `${property} must be a string`;
  if (!isStorableText(value)) return `${property} must be well-formed text without NUL characters`;
  if (value.length > maxLength) return `${property} must be shorter than or equal to ${maxLength} characters`;
  const forbidden = firstForbiddenInName(value);
  return forbidden ? `${property} must not contain control, line-break or bidi characters (${forbidden})` : null;
}

/** A display name of at most `maxLength` UTF-16 units with no control, line-break or bidi character. */
export function IsPersonName(maxLength: number, validationOptions?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isPersonName',
      constraints: [maxLength],
      validator: {
        validate: (value: unknown, args) => nameRefusal(value, args!.property, maxLength) === null,
        defaultMessage: (args) => nameRefusal(args!.value, args!.property, maxLength) ?? `${args!.property} is invalid`,
      },
    },
    validationOptions,
  );
}
