import { describe, expect, it } from 'vitest';
import type { CurrencyCode } from './currencies.ts';
import * as api from './index.ts';
import { add, compare, fromApi, isZero, money, sub, toApi } from './money.ts';

describe('Money helpers', () => {
  const a = money(1234n, 'CNY');
  const b = money(-34n, 'CNY');
  const usd = money(1n, 'USD');

  it('adds and subtracts in the same currency', () => {
    expect(add(a, b)).toEqual({ amount: 1200n, currency: 'CNY' });
    expect(sub(a, b)).toEqual({ amount: 1268n, currency: 'CNY' });
  });

  it('throws on currency mismatch', () => {
    expect(() => add(a, usd)).toThrow(/Currency mismatch: CNY vs USD/);
    expect(() => sub(a, usd)).toThrow(/Currency mismatch/);
    expect(() => compare(a, usd)).toThrow(/Currency mismatch/);
  });

  it('compares', () => {
    expect(compare(a, b)).toBe(1);
    expect(compare(b, a)).toBe(-1);
    expect(compare(a, money(1234n, 'CNY'))).toBe(0);
  });

  it('isZero', () => {
    expect(isZero(money(0n, 'JPY'))).toBe(true);
    expect(isZero(a)).toBe(false);
  });

  it('money() rejects bad input at runtime', () => {
    expect(() => money(1n, 'XXX' as CurrencyCode)).toThrow(RangeError);
    expect(() => money(1 as unknown as bigint, 'CNY')).toThrow(TypeError);
  });

  it('toApi renders exact decimal strings', () => {
    expect(toApi(a)).toEqual({ amount: '12.34', currency: 'CNY' });
    expect(toApi(money(-5n, 'CNY'))).toEqual({ amount: '-0.05', currency: 'CNY' });
    expect(toApi(money(100n, 'JPY'))).toEqual({ amount: '100', currency: 'JPY' });
    expect(toApi(money(1n, 'BHD'))).toEqual({ amount: '0.001', currency: 'BHD' });
  });
});

describe('fromApi', () => {
  it('parses valid wire money', () => {
    expect(fromApi({ amount: '12.34', currency: 'CNY' })).toEqual({
      ok: true,
      value: { amount: 1234n, currency: 'CNY' },
    });
    expect(fromApi({ amount: '-1', currency: 'JPY' }, { allowNegative: true })).toEqual({
      ok: true,
      value: { amount: -1n, currency: 'JPY' },
    });
  });

  it('round-trips through toApi', () => {
    const m = money(-999999999999999999n, 'KWD');
    expect(fromApi(toApi(m), { allowNegative: true })).toEqual({ ok: true, value: m });
  });

  it.each([
    [{ amount: 12.34, currency: 'CNY' }, 'INVALID_AMOUNT_FORMAT'],
    [{ amount: '1.234', currency: 'CNY' }, 'TOO_MANY_DECIMALS'],
    [{ amount: '0', currency: 'CNY' }, 'ZERO_NOT_ALLOWED'],
    [{ amount: '-1', currency: 'CNY' }, 'NEGATIVE_NOT_ALLOWED'],
    [{ amount: '1', currency: 'XXX' }, 'UNKNOWN_CURRENCY'],
    [{ amount: '1', currency: 156 }, 'UNKNOWN_CURRENCY'],
    [{ amount: '1', currency: undefined }, 'UNKNOWN_CURRENCY'],
    [{ amount: '10000000000000000', currency: 'CNY' }, 'AMOUNT_TOO_LARGE'],
  ])('rejects %j with %s', (input, code) => {
    expect(fromApi(input)).toMatchObject({ ok: false, code });
  });
});

describe('index', () => {
  it('exports the public surface', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'CURRENCIES',
        'MAX_MINOR_EXCLUSIVE',
        'add',
        'compare',
        'currencyByNumeric',
        'formatMoney',
        'fromApi',
        'getCurrency',
        'isCurrencyCode',
        'isZero',
        'money',
        'parseAmount',
        'sub',
        'toApi',
        'toDecimalString',
      ].sort(),
    );
  });
});
