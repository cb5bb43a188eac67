import currencyCodes from 'currency-codes';

/**
 * An amount held in hundredths (how the saga stores every amount) in the currency's minor unit,
 * as card networks count money: 99.99 USD is 9999, 1000 JPY is 1000, 1.5 KWD is 1500. Null when
 * the amount has more decimals than the currency (JPY 99.99): there is nothing exact to charge.
 * The minor unit is ISO 4217's; Stripe's few special cases (ISK, HUF, TWD, UGX payouts) are not
 * modelled.
 */
export function toMinorUnits(amountCents: number, currency: string): number | null {
  const digits = currencyCodes.code(currency.toUpperCase())?.digits ?? 2;
  const minor = digits >= 2 ? amountCents * 10 ** (digits - 2) : amountCents / 10 ** (2 - digits);
  return Number.isSafeInteger(minor) ? minor : null;
}
