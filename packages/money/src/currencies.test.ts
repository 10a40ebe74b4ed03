import { describe, expect, it } from 'vitest';
import { CURRENCIES, currencyByNumeric, getCurrency, isCurrencyCode } from './currencies.ts';

describe('currencies', () => {
  it.each([
    ['CNY', '156', 2, '人民币'],
    ['USD', '840', 2, '美元'],
    ['HKD', '344', 2, '港元'],
    ['EUR', '978', 2, '欧元'],
    ['GBP', '826', 2, '英镑'],
    ['JPY', '392', 0, '日元'],
    ['SGD', '702', 2, '新加坡元'],
    ['KRW', '410', 0, '韩元'],
    ['AUD', '036', 2, '澳大利亚元'],
    ['CAD', '124', 2, '加拿大元'],
    ['CHF', '756', 2, '瑞士法郎'],
    ['MOP', '446', 2, '澳门元'],
    ['TWD', '901', 2, '新台币'],
    ['THB', '764', 2, '泰铢'],
    ['KWD', '414', 3, '科威特第纳尔'],
    ['BHD', '048', 3, '巴林第纳尔'],
  ])('%s has numeric %s and exponent %i', (code, numeric, exponent, nameZh) => {
    const c = getCurrency(code);
    expect(c).toMatchObject({ code, numeric, exponent, nameZh });
    expect(c?.name).toMatch(/\w/);
    expect(currencyByNumeric(numeric)).toBe(c);
    expect(isCurrencyCode(code)).toBe(true);
  });

  it('has unique codes and numeric codes', () => {
    expect(new Set(CURRENCIES.map((c) => c.code)).size).toBe(CURRENCIES.length);
    expect(new Set(CURRENCIES.map((c) => c.numeric)).size).toBe(CURRENCIES.length);
  });

  it.each([['cny'], ['XXX'], [''], ['toString'], ['__proto__'], ['constructor'], [' CNY']])(
    'rejects %j',
    (code) => {
      expect(getCurrency(code)).toBeUndefined();
      expect(isCurrencyCode(code)).toBe(false);
    },
  );

  it('isCurrencyCode rejects non-strings', () => {
    for (const x of [156, null, undefined, {}, ['CNY']]) expect(isCurrencyCode(x)).toBe(false);
  });

  it('currencyByNumeric rejects unknown numeric codes', () => {
    expect(currencyByNumeric('36')).toBeUndefined();
    expect(currencyByNumeric('999')).toBeUndefined();
  });
});
