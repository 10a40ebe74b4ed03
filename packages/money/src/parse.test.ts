import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CurrencyCode } from './currencies.ts';
import { toDecimalString } from './format.ts';
import { type MoneyErrorCode, type ParseOptions, parseAmount } from './parse.ts';

const ALL: ParseOptions = { allowNegative: true, allowZero: true };

describe('parseAmount accepts', () => {
  it.each<[string, string, bigint, ParseOptions?]>([
    ['12.34', 'CNY', 1234n],
    ['12.3', 'CNY', 1230n],
    ['12', 'CNY', 1200n],
    ['0.01', 'CNY', 1n],
    ['0.5', 'USD', 50n],
    ['10', 'CNY', 1000n],
    ['100', 'JPY', 100n],
    ['1', 'KRW', 1n],
    ['1.234', 'KWD', 1234n],
    ['0.001', 'BHD', 1n],
    ['9999999999999999.99', 'CNY', 999999999999999999n],
    ['999999999999999999', 'JPY', 999999999999999999n],
    ['999999999999999.999', 'KWD', 999999999999999999n],
    ['-0.05', 'CNY', -5n, { allowNegative: true }],
    ['-9999999999999999.99', 'CNY', -999999999999999999n, { allowNegative: true }],
    ['0', 'CNY', 0n, { allowZero: true }],
    ['0.00', 'CNY', 0n, { allowZero: true }],
    ['-0', 'CNY', 0n, { allowZero: true }],
    ['-0.00', 'CNY', 0n, ALL],
  ])('%j %s → %s', (input, currency, expected, opts) => {
    const r = parseAmount(input, currency, opts);
    expect(r).toEqual({ ok: true, value: expected });
    if (r.ok) expect(Object.is(r.value, expected)).toBe(true);
  });
});

describe('parseAmount rejects', () => {
  it.each<[unknown, string, MoneyErrorCode, ParseOptions?]>([
    // not a string
    [12.34, 'CNY', 'INVALID_AMOUNT_FORMAT'],
    [1234n, 'CNY', 'INVALID_AMOUNT_FORMAT'],
    [null, 'CNY', 'INVALID_AMOUNT_FORMAT'],
    [undefined, 'CNY', 'INVALID_AMOUNT_FORMAT'],
    [{ amount: '1' }, 'CNY', 'INVALID_AMOUNT_FORMAT'],
    [['1'], 'CNY', 'INVALID_AMOUNT_FORMAT'],
    [true, 'CNY', 'INVALID_AMOUNT_FORMAT'],
    // malformed strings
    ['', 'CNY', 'INVALID_AMOUNT_FORMAT'],
    [' ', 'CNY', 'INVALID_AMOUNT_FORMAT'],
    [' 1', 'CNY', 'INVALID_AMOUNT_FORMAT'],
    ['1 ', 'CNY', 'INVALID_AMOUNT_FORMAT'],
    ['1\n', 'CNY', 'INVALID_AMOUNT_FORMAT'],
    ['\t1', 'CNY', 'INVALID_AMOUNT_FORMAT'],
    ['+1', 'CNY', 'INVALID_AMOUNT_FORMAT'],
    ['--1', 'CNY', 'INVALID_AMOUNT_FORMAT', ALL],
    ['- 1', 'CNY', 'INVALID_AMOUNT_FORMAT', ALL],
    ['1e3', 'CNY', 'INVALID_AMOUNT_FORMAT'],
    ['1E3', 'CNY', 'INVALID_AMOUNT_FORMAT'],
    ['1.5e1', 'CNY', 'INVALID_AMOUNT_FORMAT'],
    ['0x10', 'CNY', 'INVALID_AMOUNT_FORMAT'],
    ['0b1', 'CNY', 'INVALID_AMOUNT_FORMAT'],
    ['1,000', 'CNY', 'INVALID_AMOUNT_FORMAT'],
    ['1_000', 'CNY', 'INVALID_AMOUNT_FORMAT'],
    ['1 000', 'CNY', 'INVALID_AMOUNT_FORMAT'],
    ['1,5', 'EUR', 'INVALID_AMOUNT_FORMAT'],
    ['007', 'CNY', 'INVALID_AMOUNT_FORMAT'],
    ['00', 'CNY', 'INVALID_AMOUNT_FORMAT', ALL],
    ['00.5', 'CNY', 'INVALID_AMOUNT_FORMAT'],
    ['-01', 'CNY', 'INVALID_AMOUNT_FORMAT', ALL],
    ['1.', 'CNY', 'INVALID_AMOUNT_FORMAT'],
    ['.5', 'CNY', 'INVALID_AMOUNT_FORMAT'],
    ['-.5', 'CNY', 'INVALID_AMOUNT_FORMAT', ALL],
    ['.', 'CNY', 'INVALID_AMOUNT_FORMAT'],
    ['-', 'CNY', 'INVALID_AMOUNT_FORMAT', ALL],
    ['1.2.3', 'CNY', 'INVALID_AMOUNT_FORMAT'],
    ['abc', 'CNY', 'INVALID_AMOUNT_FORMAT'],
    ['NaN', 'CNY', 'INVALID_AMOUNT_FORMAT'],
    ['Infinity', 'CNY', 'INVALID_AMOUNT_FORMAT'],
    ['１２', 'CNY', 'INVALID_AMOUNT_FORMAT'], // full-width digits
    ['١٢', 'CNY', 'INVALID_AMOUNT_FORMAT'], // Arabic-Indic digits
    ['12¥', 'CNY', 'INVALID_AMOUNT_FORMAT'],
    ['¥12', 'CNY', 'INVALID_AMOUNT_FORMAT'],
    ['12 CNY', 'CNY', 'INVALID_AMOUNT_FORMAT'],
    // too many decimals
    ['0.001', 'CNY', 'TOO_MANY_DECIMALS'],
    ['1.000', 'CNY', 'TOO_MANY_DECIMALS'],
    ['1.5', 'JPY', 'TOO_MANY_DECIMALS'],
    ['1.0', 'KRW', 'TOO_MANY_DECIMALS'],
    ['0.0001', 'KWD', 'TOO_MANY_DECIMALS'],
    ['-0.001', 'CNY', 'TOO_MANY_DECIMALS', ALL],
    // too large: |minor| must be < 10^18
    ['10000000000000000', 'CNY', 'AMOUNT_TOO_LARGE'],
    ['10000000000000000.00', 'CNY', 'AMOUNT_TOO_LARGE'],
    ['-10000000000000000', 'CNY', 'AMOUNT_TOO_LARGE', ALL],
    ['1000000000000000000', 'JPY', 'AMOUNT_TOO_LARGE'],
    ['1000000000000000', 'KWD', 'AMOUNT_TOO_LARGE'],
    ['9'.repeat(19), 'JPY', 'AMOUNT_TOO_LARGE'],
    ['9223372036854775807', 'JPY', 'AMOUNT_TOO_LARGE'],
    // negative
    ['-1', 'CNY', 'NEGATIVE_NOT_ALLOWED'],
    ['-0.01', 'CNY', 'NEGATIVE_NOT_ALLOWED', { allowZero: true }],
    // zero
    ['0', 'CNY', 'ZERO_NOT_ALLOWED'],
    ['0.00', 'CNY', 'ZERO_NOT_ALLOWED'],
    ['0.0', 'CNY', 'ZERO_NOT_ALLOWED'],
    ['-0', 'CNY', 'ZERO_NOT_ALLOWED', { allowNegative: true }],
    ['-0.00', 'CNY', 'ZERO_NOT_ALLOWED'],
    ['0', 'JPY', 'ZERO_NOT_ALLOWED'],
    // unknown currency
    ['1', 'XXX', 'UNKNOWN_CURRENCY'],
    ['1', 'cny', 'UNKNOWN_CURRENCY'],
    ['1', '', 'UNKNOWN_CURRENCY'],
    ['1', '156', 'UNKNOWN_CURRENCY'],
    ['1', 'toString', 'UNKNOWN_CURRENCY'],
    ['1', '__proto__', 'UNKNOWN_CURRENCY'],
  ])('%o %s → %s', (input, currency, code, opts) => {
    const r = parseAmount(input, currency, opts);
    expect(r).toMatchObject({ ok: false, code });
    if (!r.ok) expect(r.message).toMatch(/^[A-Z].*\.$/);
  });

  it('rejects a huge digit string cheaply', () => {
    expect(parseAmount('9'.repeat(1_000_000), 'JPY', ALL)).toMatchObject({
      ok: false,
      code: 'AMOUNT_TOO_LARGE',
    });
    expect(parseAmount(`1.${'0'.repeat(1_000_000)}`, 'CNY')).toMatchObject({
      ok: false,
      code: 'TOO_MANY_DECIMALS',
    });
  });

  it('names the currency and its exponent in decimal errors', () => {
    expect(parseAmount('0.001', 'CNY')).toEqual({
      ok: false,
      code: 'TOO_MANY_DECIMALS',
      message: 'CNY allows at most 2 decimal places.',
    });
    expect(parseAmount('1.5', 'JPY')).toMatchObject({ message: 'JPY does not allow decimal places.' });
    expect(parseAmount('0.0001', 'KWD')).toMatchObject({ message: 'KWD allows at most 3 decimal places.' });
  });

  it('does not echo long untrusted currency strings', () => {
    const r = parseAmount('1', 'X'.repeat(10_000));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message.length).toBeLessThan(80);
  });

  it('treats a non-string currency as unknown', () => {
    expect(parseAmount('1', 156 as unknown as string)).toMatchObject({ ok: false, code: 'UNKNOWN_CURRENCY' });
  });
});

describe('round trip', () => {
  const LIMIT = 10n ** 18n - 1n;
  it.each<[CurrencyCode]>([['JPY'], ['CNY'], ['KWD']])(
    'toDecimalString → parseAmount is the identity for %s',
    (currency) => {
      fc.assert(
        fc.property(fc.bigInt({ min: -LIMIT, max: LIMIT }), (v) => {
          const r = parseAmount(toDecimalString(v, currency), currency, ALL);
          return r.ok && r.value === v;
        }),
        { numRuns: 2000 },
      );
    },
  );

  it.each<[CurrencyCode]>([['JPY'], ['CNY'], ['KWD']])('rejects |v| ≥ 10^18 for %s', (currency) => {
    fc.assert(
      fc.property(fc.bigInt({ min: 10n ** 18n, max: 10n ** 30n }), fc.boolean(), (v, neg) => {
        const r = parseAmount(toDecimalString(neg ? -v : v, currency), currency, ALL);
        return !r.ok && r.code === 'AMOUNT_TOO_LARGE';
      }),
    );
  });
});
