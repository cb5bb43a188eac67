import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isStorableText } from './text-rules.js';

/**
 * A string every database can store: no NUL, no lone UTF-16 surrogate (isStorableText). The raw
 * body scan refuses both in JSON bodies already; this holds free-text fields (an incident's
 * note, a cancel reason) to the same rule wherever their value comes from.
 */
export function IsStorableText(validationOptions?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isStorableText',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isStorableText(value),
        defaultMessage: (args) => `${args!.property} must be well-formed text without NUL characters`,
      },
    },
    validationOptions,
  );
}
