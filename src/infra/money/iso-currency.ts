import currencyCodes from 'currency-codes';

/**
 * ISO 4217 codes that name no money: precious metals, bond-market units, the SDR, the test and
 * "no currency" codes. ISO lists their minor unit as "N.A."; the currency-codes package flattens
 * that to 0, so they are named here (checked against the package's copy of the ISO list by
 * iso-currency.spec.ts, so an upgrade that adds one fails a test).
 */
export const CODES_WITHOUT_MINOR_UNIT: ReadonlySet<string> = new Set([
  'XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX',
]);

/** Code → digits of its minor unit (USD 2, JPY 0, BHD 3), for every code a charge may be in. */
const MINOR_UNIT_DIGITS: ReadonlyMap<string, number> = new Map(
  currencyCodes.data.filter((c) => !CODES_WITHOUT_MINOR_UNIT.has(c.code)).map((c) => [c.code, c.digits]),
);

/** Digits of the minor unit of `code` (upper-case ISO 4217), or null for a code money cannot be charged in. */
export function minorUnitDigits(code: string): number | null {
  return MINOR_UNIT_DIGITS.get(code) ?? null;
}

const scale = (code: string) => 10 ** (minorUnitDigits(code) ?? 2);

/**
 * `amount` in minor units (99.99 USD → 9999, 100 JPY → 100), for an amount already checked to
 * have no more decimals than the currency's minor unit (see amount.validator.ts).
 */
export function toMinorUnits(amount: number, code: string): number {
  return Math.round(amount * scale(code));
}

/** Minor units back to the amount a person reads (9999 USD → 99.99). */
export function fromMinorUnits(minor: number, code: string): number {
  return minor / scale(code);
}

/** "99.99 USD", "100 JPY", "1.250 BHD". */
export function formatMoney(minor: number, code: string): string {
  return `${fromMinorUnits(minor, code).toFixed(minorUnitDigits(code) ?? 2)} ${code}`;
}
