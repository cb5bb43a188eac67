import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { toMinorUnits } from '../../money/iso-currency.js';
import { amountRefusal } from './amount.validator.js';

const MAX = 1_000_000;

describe('amountRefusal', () => {
  it.each([
    [99.99, 'USD'],
    [0.01, 'USD'],
    [1_000_000, 'USD'],
    [100, 'JPY'],
    [1.234, 'BHD'],
    [1e2, 'USD'],
  ])('takes %p %s', (amount, currency) => {
    expect(amountRefusal(amount, currency, MAX)).toBeNull();
  });

  it.each([
    [1e-7, 'USD', 'amount must be a number with at most 2 decimals (USD)'],
    [0.30000000000000004, 'USD', 'amount must be a number with at most 2 decimals (USD)'],
    [1.234, 'USD', 'amount must be a number with at most 2 decimals (USD)'],
    [99.99, 'JPY', 'amount must be a whole number of JPY'],
    [1.2345, 'BHD', 'amount must be a number with at most 3 decimals (BHD)'],
    [1_000_000, 'CLF', 'amount is too large to charge in CLF'],
    [0, 'USD', 'amount must be a positive number'],
    [-0, 'USD', 'amount must be a positive number'],
    [5e-324, 'USD', 'amount must be a number with at most 2 decimals (USD)'],
    [1_000_000.01, 'USD', 'amount must not be greater than 1000000'],
    [Number.POSITIVE_INFINITY, 'USD', 'amount must be a number'],
    [Number.NaN, 'USD', 'amount must be a number'],
    ['99.99', 'USD', 'amount must be a number'],
  ])('refuses %p %s: %s', (amount, currency, message) => {
    expect(amountRefusal(amount, currency, MAX)).toBe(message);
  });

  it('leaves an unknown currency to the currency rule', () => {
    expect(amountRefusal(1.23456, 'XXX', MAX)).toBeNull();
  });

  it('takes every amount of whole minor units, and charges exactly those units', () => {
    fc.assert(
      fc.property(fc.constantFrom(['USD', 2], ['JPY', 0], ['BHD', 3]), fc.integer({ min: 1, max: 100_000_000 }), ([currency, digits], minor) => {
        const amount = minor / 10 ** (digits as number);
        fc.pre(amount <= MAX);
        expect(amountRefusal(amount, currency as string, MAX)).toBeNull();
        expect(toMinorUnits(amount, currency as string)).toBe(minor);
      }),
    );
  });

  it('refuses every double with more decimals than the minor unit (checked against toFixed)', () => {
    fc.assert(
      fc.property(fc.double({ min: Number.MIN_VALUE, max: MAX, noNaN: true }), fc.constantFrom(['USD', 2], ['JPY', 0], ['BHD', 3]), (amount, [currency, digits]) => {
        const hasAtMostDigits = Number(amount.toFixed(digits as number)) === amount;
        expect(amountRefusal(amount, currency as string, MAX) === null).toBe(hasAtMostDigits);
      }),
      { numRuns: 2_000 },
    );
  });
});
