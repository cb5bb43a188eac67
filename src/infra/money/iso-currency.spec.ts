import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import { CODES_WITHOUT_MINOR_UNIT, formatMoney, fromMinorUnits, minorUnitDigits, toMinorUnits } from './iso-currency.js';

describe('ISO 4217 minor units', () => {
  it('knows the minor unit of money and none for codes that are not money', () => {
    expect([minorUnitDigits('USD'), minorUnitDigits('JPY'), minorUnitDigits('BHD'), minorUnitDigits('XOF'), minorUnitDigits('XCD')]).toEqual([2, 0, 3, 0, 2]);
    for (const code of ['XXX', 'XAU', 'XDR', 'XTS', 'XYZ', 'usd', '']) expect(minorUnitDigits(code)).toBeNull();
  });

  it('names exactly the codes the ISO list gives no minor unit ("N.A." in the package\'s copy of it)', () => {
    const xml = readFileSync(createRequire(import.meta.url).resolve('currency-codes/iso-4217-list-one.xml'), 'utf8');
    const notApplicable = new Set([...xml.matchAll(/<Ccy>([A-Z]{3})<\/Ccy>\s*<CcyNbr>\d+<\/CcyNbr>\s*<CcyMnrUnts>N\.A\.<\/CcyMnrUnts>/g)].map((m) => m[1]));
    expect([...notApplicable].sort()).toEqual([...CODES_WITHOUT_MINOR_UNIT].sort());
  });

  it('converts to and from minor units and formats with the unit\'s decimals', () => {
    expect([toMinorUnits(99.99, 'USD'), toMinorUnits(100, 'JPY'), toMinorUnits(1.234, 'BHD'), toMinorUnits(0.29, 'USD')]).toEqual([9999, 100, 1234, 29]);
    expect([fromMinorUnits(9999, 'USD'), fromMinorUnits(100, 'JPY'), fromMinorUnits(1234, 'BHD')]).toEqual([99.99, 100, 1.234]);
    expect([formatMoney(9999, 'USD'), formatMoney(100, 'JPY'), formatMoney(1250, 'BHD')]).toEqual(['99.99 USD', '100 JPY', '1.250 BHD']);
  });
});
