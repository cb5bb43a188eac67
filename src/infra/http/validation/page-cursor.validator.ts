import { ValidateBy, type ValidationOptions } from 'class-validator';
import { decodePageCursor } from '../page-cursor.js';

/** A `cursor` query value that is exactly one this API returned as `nextCursor` (see page-cursor.ts). */
export function IsPageCursor(validationOptions?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isPageCursor',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && decodePageCursor(value) !== null,
        defaultMessage: (args) => `${args!.property} is not one this API returned`,
      },
    },
    validationOptions,
  );
}
