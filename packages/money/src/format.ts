import { type Currency, type CurrencyCode, getCurrency } from './currencies.ts';

function currencyOrThrow(code: CurrencyCode): Currency {
  const cur = getCurrency(code);
  if (cur === undefined) throw new RangeError(`Unknown currency: ${String(code)}`);
  return cur;
}

/** Exact decimal rendering of minor units: 1234n CNY → "12.34", -5n CNY → "-0.05", 100n JPY → "100". */
export function toDecimalString(minor: bigint, currency: CurrencyCode): string {
  const { exponent } = currencyOrThrow(currency);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString();
  const sign = negative ? '-' : '';
  if (exponent === 0) return sign + digits;
  const padded = digits.padStart(exponent + 1, '0');
  return `${sign}${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}

export type FormatOptions = { display?: 'symbol' | 'code' };

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(locale: string, cur: Currency, display: 'symbol' | 'code'): Intl.NumberFormat {
  const key = `${locale}|${cur.code}|${display}`;
  let nf = formatters.get(key);
  if (nf === undefined) {
    nf = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: cur.code,
      currencyDisplay: display,
      // Always the ISO exponent, so no rounding ever happens (CLDR digits can differ from ISO 4217).
      minimumFractionDigits: cur.exponent,
      maximumFractionDigits: cur.exponent,
    });
    formatters.set(key, nf);
  }
  return nf;
}

/**
 * Locale-aware display string, e.g. 123456n CNY → "¥1,234.56" (zh-CN) or "CN¥1,234.56" (en).
 * The amount is passed to Intl as an exact decimal string, never as a float.
 * Note: Intl output may contain non-breaking spaces (U+00A0), e.g. "CNY 1,234.56" with display 'code'.
 */
export function formatMoney(
  minor: bigint,
  currency: CurrencyCode,
  locale: string = 'zh-CN',
  opts: FormatOptions = {},
): string {
  const cur = currencyOrThrow(currency);
  const decimal = toDecimalString(minor, currency) as `${number}`;
  return formatterFor(locale, cur, opts.display ?? 'symbol').format(decimal);
}
