import { describe, expect, it } from 'vitest';
import type { CurrencyCode } from './currencies.ts';
import { formatMoney, toDecimalString } from './format.ts';

const NBSP = '\u00a0';

describe('toDecimalString', () => {
  it.each<[bigint, CurrencyCode, string]>([
    [1234n, 'CNY', '12.34'],
    [-5n, 'CNY', '-0.05'],
    [5n, 'CNY', '0.05'],
    [0n, 'CNY', '0.00'],
    [-0n, 'CNY', '0.00'],
    [100n, 'CNY', '1.00'],
    [-100n, 'CNY', '-1.00'],
    [100n, 'JPY', '100'],
    [0n, 'JPY', '0'],
    [-7n, 'KRW', '-7'],
    [1n, 'KWD', '0.001'],
    [-1234n, 'BHD', '-1.234'],
    [999999999999999999n, 'CNY', '9999999999999999.99'],
    [-999999999999999999n, 'KWD', '-999999999999999.999'],
    [10n ** 30n, 'CNY', '10000000000000000000000000000.00'],
  ])('%s %s → %s', (minor, currency, expected) => {
    expect(toDecimalString(minor, currency)).toBe(expected);
  });

  it('throws on an unknown currency (programming bug)', () => {
    expect(() => toDecimalString(1n, 'XXX' as CurrencyCode)).toThrow(RangeError);
  });
});

describe('formatMoney', () => {
  it.each<[bigint, CurrencyCode, string, string]>([
    [123456n, 'CNY', 'zh-CN', '¥1,234.56'],
    [123456n, 'CNY', 'en', 'CN¥1,234.56'],
    [-123456n, 'CNY', 'zh-CN', '-¥1,234.56'],
    [-123456n, 'CNY', 'en', '-CN¥1,234.56'],
    [-5n, 'CNY', 'zh-CN', '-¥0.05'],
    [0n, 'CNY', 'zh-CN', '¥0.00'],
    [123450n, 'USD', 'zh-CN', 'US$1,234.50'],
    [123450n, 'USD', 'en', '$1,234.50'],
    [100n, 'HKD', 'zh-CN', 'HK$1.00'],
    [100n, 'JPY', 'zh-CN', 'JP¥100'],
    [100n, 'JPY', 'en', '¥100'],
    [1234n, 'KRW', 'zh-CN', '₩1,234'],
    [1234n, 'TWD', 'zh-CN', 'NT$12.34'],
    [-5n, 'EUR', 'en', '-€0.05'],
    [1234n, 'KWD', 'en', `KWD${NBSP}1.234`],
    [123400n, 'MOP', 'zh-CN', `MOP${NBSP}1,234.00`],
  ])('%s %s in %s → %j', (minor, currency, locale, expected) => {
    expect(formatMoney(minor, currency, locale)).toBe(expected);
  });

  it('defaults to zh-CN', () => {
    expect(formatMoney(123456n, 'CNY')).toBe('¥1,234.56');
  });

  it('formats large amounts exactly (no float conversion)', () => {
    // 12345678901234567 > 2^53: a float would print ...234,568 or similar.
    expect(formatMoney(12345678901234567n, 'CNY')).toBe('¥123,456,789,012,345.67');
    expect(formatMoney(12345678901234567n, 'CNY', 'en')).toBe('CN¥123,456,789,012,345.67');
    expect(formatMoney(-999999999999999999n, 'CNY')).toBe('-¥9,999,999,999,999,999.99');
    expect(formatMoney(999999999999999999n, 'JPY', 'en')).toBe('¥999,999,999,999,999,999');
    expect(formatMoney(999999999999999999n, 'KWD', 'en')).toBe(`KWD${NBSP}999,999,999,999,999.999`);
    expect(formatMoney(9007199254740993n, 'JPY', 'en')).toBe('¥9,007,199,254,740,993');
  });

  it('supports code display (with a non-breaking space)', () => {
    expect(formatMoney(123456n, 'CNY', 'zh-CN', { display: 'code' })).toBe(`CNY${NBSP}1,234.56`);
    expect(formatMoney(123456n, 'CNY', 'en', { display: 'code' })).toBe(`CNY${NBSP}1,234.56`);
    expect(formatMoney(-123456n, 'USD', 'en', { display: 'code' })).toBe(`-USD${NBSP}1,234.56`);
    expect(formatMoney(100n, 'JPY', 'zh-CN', { display: 'code' })).toBe(`JPY${NBSP}100`);
  });

  it('throws on an invalid locale', () => {
    expect(() => formatMoney(1n, 'CNY', 'not a locale!')).toThrow(RangeError);
  });
});
