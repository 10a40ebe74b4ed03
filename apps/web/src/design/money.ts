/**
 * Formats an API amount — a decimal string in major units, e.g. "-1234.5" CNY — for a locale, without
 * ever turning it into a float: the integer part is formatted as a bigint (grouping, sign, currency
 * symbol from Intl) and the fraction digits are placed in the fraction slot Intl leaves for them.
 */
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

export function currencyDigits(currency: string, locale = 'en'): number {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits as number;
}

export function formatMoney(amount: string, currency: string, locale: string): string {
  const m = DECIMAL.exec(amount.trim());
  if (!m) throw new Error(`not a decimal amount: ${amount}`);
  const negative = m[1] === '-';
  const integer = BigInt(m[2]!);
  const digits = currencyDigits(currency, locale);
  let fraction = (m[3] ?? '').replace(/0+$/, '');
  if (fraction.length > digits) throw new Error(`${amount} has more decimals than ${currency} allows`);
  fraction = fraction.padEnd(digits, '0');
  const isZero = integer === 0n && /^0*$/.test(fraction);
  const nf = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // -0.50 has an integer part of zero: format -1 for the sign and put the 0 back.
  const signed = negative && !isZero ? -(integer === 0n ? 1n : integer) : integer;
  return nf
    .formatToParts(signed)
    .map((p) => {
      if (p.type === 'fraction') return fraction;
      if (p.type === 'integer' && negative && integer === 0n && !isZero) return '0';
      return p.value;
    })
    .join('');
}
