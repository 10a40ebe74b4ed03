import { describe, expect, it } from 'vitest';
import { currencyDigits, formatMoney } from './money.ts';

describe('formatMoney', () => {
  it('formats CNY in zh-CN and English with two minor digits', () => {
    expect(formatMoney('1234.5', 'CNY', 'zh-CN')).toBe('¥1,234.50');
    expect(formatMoney('1234.56', 'CNY', 'en')).toBe('CN¥1,234.56');
    expect(formatMoney('0', 'CNY', 'zh-CN')).toBe('¥0.00');
  });

  it('formats JPY with no minor digits', () => {
    expect(currencyDigits('JPY')).toBe(0);
    expect(formatMoney('1500', 'JPY', 'en')).toBe('¥1,500');
    expect(formatMoney('1500', 'JPY', 'zh-CN')).toBe('JP¥1,500');
    expect(() => formatMoney('1500.5', 'JPY', 'en')).toThrow(/more decimals/);
  });

  it('keeps the sign of negative amounts, including under one unit', () => {
    expect(formatMoney('-12.30', 'CNY', 'en')).toBe('-CN¥12.30');
    expect(formatMoney('-0.05', 'CNY', 'zh-CN')).toBe('-¥0.05');
    expect(formatMoney('-0.00', 'CNY', 'zh-CN')).toBe('¥0.00');
  });

  it('is exact beyond float precision (never goes through a number)', () => {
    expect(formatMoney('90071992547409931.07', 'CNY', 'en')).toBe('CN¥90,071,992,547,409,931.07');
  });

  it('refuses what is not a decimal amount', () => {
    for (const bad of ['1e3', '12,34', '', 'NaN', '1.2.3'])
      expect(() => formatMoney(bad, 'CNY', 'en')).toThrow();
  });
});
