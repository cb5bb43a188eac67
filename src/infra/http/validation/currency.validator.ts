import { ValidateBy, type ValidationOptions } from 'class-validator';
import { CODES_WITHOUT_MINOR_UNIT, minorUnitDigits } from '../../money/iso-currency.js';

/**
 * An upper-case ISO 4217 code that money can be charged in: listed by ISO with a minor unit. The
 * codes with none (XXX, XAU and the other metals, units and test codes) are refused, which
 * class-validator's IsISO4217CurrencyCode accepts.
 */
export function IsChargeableCurrency(validationOptions?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isChargeableCurrency',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && minorUnitDigits(value) !== null,
        defaultMessage: (args) =>
          typeof args?.value === 'string' && CODES_WITHOUT_MINOR_UNIT.has(args.value)
            ? `currency ${args.value} is not money that can be charged (ISO 4217 gives it no minor unit)`
            : 'currency must be an ISO 4217 currency code, such as USD, EUR or JPY',
      },
    },
    validationOptions,
  );
}
