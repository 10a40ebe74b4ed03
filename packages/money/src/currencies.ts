/** ISO 4217 currencies supported by Yinbao. `exponent` is the number of minor-unit decimal places. */
export type Currency = {
  readonly code: string;
  readonly numeric: string;
  readonly exponent: number;
  readonly name: string;
  readonly nameZh: string;
};

const TABLE = {
  CNY: { code: 'CNY', numeric: '156', exponent: 2, name: 'Chinese Yuan', nameZh: '人民币' },
  USD: { code: 'USD', numeric: '840', exponent: 2, name: 'US Dollar', nameZh: '美元' },
  HKD: { code: 'HKD', numeric: '344', exponent: 2, name: 'Hong Kong Dollar', nameZh: '港元' },
  EUR: { code: 'EUR', numeric: '978', exponent: 2, name: 'Euro', nameZh: '欧元' },
  GBP: { code: 'GBP', numeric: '826', exponent: 2, name: 'Pound Sterling', nameZh: '英镑' },
  JPY: { code: 'JPY', numeric: '392', exponent: 0, name: 'Japanese Yen', nameZh: '日元' },
  SGD: { code: 'SGD', numeric: '702', exponent: 2, name: 'Singapore Dollar', nameZh: '新加坡元' },
  KRW: { code: 'KRW', numeric: '410', exponent: 0, name: 'South Korean Won', nameZh: '韩元' },
  AUD: { code: 'AUD', numeric: '036', exponent: 2, name: 'Australian Dollar', nameZh: '澳大利亚元' },
  CAD: { code: 'CAD', numeric: '124', exponent: 2, name: 'Canadian Dollar', nameZh: '加拿大元' },
  CHF: { code: 'CHF', numeric: '756', exponent: 2, name: 'Swiss Franc', nameZh: '瑞士法郎' },
  MOP: { code: 'MOP', numeric: '446', exponent: 2, name: 'Macanese Pataca', nameZh: '澳门元' },
  TWD: { code: 'TWD', numeric: '901', exponent: 2, name: 'New Taiwan Dollar', nameZh: '新台币' },
  THB: { code: 'THB', numeric: '764', exponent: 2, name: 'Thai Baht', nameZh: '泰铢' },
  KWD: { code: 'KWD', numeric: '414', exponent: 3, name: 'Kuwaiti Dinar', nameZh: '科威特第纳尔' },
  BHD: { code: 'BHD', numeric: '048', exponent: 3, name: 'Bahraini Dinar', nameZh: '巴林第纳尔' },
} as const satisfies Record<string, Currency>;

export type CurrencyCode = keyof typeof TABLE;

/** All supported currencies, in table order. */
export const CURRENCIES: readonly Currency[] = Object.freeze(Object.values(TABLE));

const BY_NUMERIC: ReadonlyMap<string, Currency> = new Map(CURRENCIES.map((c) => [c.numeric, c]));

export function isCurrencyCode(x: unknown): x is CurrencyCode {
  return typeof x === 'string' && Object.hasOwn(TABLE, x);
}

/** Looks up a currency by its (upper-case) alphabetic code. */
export function getCurrency(code: string): Currency | undefined {
  return isCurrencyCode(code) ? TABLE[code] : undefined;
}

/** Looks up a currency by its three-digit numeric code, e.g. '156'. */
export function currencyByNumeric(numeric: string): Currency | undefined {
  return BY_NUMERIC.get(numeric);
}
