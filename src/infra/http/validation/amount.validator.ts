import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { minorUnitDigits } from '../../money/iso-currency.js';

/** Minor units are stored in a 32-bit integer column. */
const MAX_MINOR_UNITS = 2_147_483_647;

/**
 * Why `amount` cannot be charged in `currency`, or null. Exact, without string tricks: the amount
 * has at most d decimals when rounding it to d places gives back the very same double
 * (`Math.round(a * 10^d) / 10^d === a`). JSON "99.99" parses to the double nearest 99.99, and
 * 9999 / 100 is that same double, since IEEE division of two exact integers is correctly
 * rounded; `0.30000000000000004` or `1e-7` do not round-trip.
 */
export function amountRefusal(amount: unknown, currency: string, max: number): string | null {
  if (typeof amount !== 'number' || !Number.isFinite(amount)) return 'amount must be a number';
  if (amount <= 0) return 'amount must be a positive number';
  if (amount > max) return `amount must not be greater than ${max}`;
  const digits = minorUnitDigits(currency);
  if (digits === null) return null; // the currency's own rule says why
  const scale = 10 ** digits;
  const minor = Math.round(amount * scale);
  if (minor / scale !== amount) {
    return digits === 0
      ? `amount must be a whole number of ${currency}`
      : `amount must be a number with at most ${digits} decimals (${currency})`;
  }
  if (minor > MAX_MINOR_UNITS) return `amount is too large to charge in ${currency}`;
  return null;
}

/**
 * A money amount: a finite number > 0, at most `max`, with no more decimals than the minor unit
 * of the currency in the sibling property `currencyProperty` (default `defaultCurrency`).
 *
 * Replaces `@IsNumber({ maxDecimalPlaces })`, which throws (a 500) on any number whose
 * `toString()` is in exponent form, such as 1e-7: typestack/class-validator#1705.
 */
export function IsAmountOf(currencyProperty: string, options: { max: number; defaultCurrency: string }, validationOptions?: ValidationOptions) {
  const currencyOf = (args: ValidationArguments) => {
    const currency = (args.object as Record<string, unknown>)[currencyProperty] ?? options.defaultCurrency;
    return typeof currency === 'string' ? currency : '';
  };
  return ValidateBy(
    {
      name: 'isAmountOf',
      constraints: [currencyProperty, options.max],
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => amountRefusal(value, currencyOf(args!), options.max) === null,
        defaultMessage: (args?: ValidationArguments) => amountRefusal(args!.value, currencyOf(args!), options.max) ?? 'amount is invalid',
      },
    },
    validationOptions,
  );
}
