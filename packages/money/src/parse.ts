import { getCurrency } from './currencies.ts';

export type MoneyErrorCode =
  | 'INVALID_AMOUNT_FORMAT'
  | 'TOO_MANY_DECIMALS'
  | 'AMOUNT_TOO_LARGE'
  | 'NEGATIVE_NOT_ALLOWED'
  | 'ZERO_NOT_ALLOWED'
  | 'UNKNOWN_CURRENCY';

export type Result<T = bigint> =
  | { ok: true; value: T }
  | { ok: false; code: MoneyErrorCode; message: string };

export type ParseOptions = { allowNegative?: boolean; allowZero?: boolean };

/** Minor-unit values must satisfy |value| < MAX_MINOR_EXCLUSIVE (10^18), so they always fit a SQL BIGINT. */
export const MAX_MINOR_EXCLUSIVE = 10n ** 18n;

const MAX_DIGITS = 18;
const AMOUNT_RE = /^(-)?(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

function fail(code: MoneyErrorCode, message: string): Result<never> {
  return { ok: false, code, message };
}

/**
 * Parses a strict decimal string (e.g. "12.34", "-0.05", "100") into integer minor units of `currency`.
 * Numbers and any other non-string input are rejected: amounts travel as strings.
 * "-0" and "0.00" are zero (never negative); zero is rejected unless `allowZero`.
 */
export function parseAmount(input: unknown, currency: string, opts: ParseOptions = {}): Result {
  const cur = getCurrency(currency);
  if (cur === undefined) {
    return unknownCurrency(currency);
  }
  if (typeof input !== 'string') {
    return fail('INVALID_AMOUNT_FORMAT', `Amount must be a decimal string, not a ${typeof input}.`);
  }
  const m = AMOUNT_RE.exec(input);
  if (m === null) {
    return fail(
      'INVALID_AMOUNT_FORMAT',
      'Amount must be a plain decimal string such as "12.34" (no spaces, signs other than a leading "-", exponents, separators or leading zeros).',
    );
  }
  const negative = m[1] === '-';
  const intPart = m[2] ?? '';
  const fracPart = m[3] ?? '';
  if (fracPart.length > cur.exponent) {
    return fail(
      'TOO_MANY_DECIMALS',
      cur.exponent === 0
        ? `${cur.code} does not allow decimal places.`
        : `${cur.code} allows at most ${cur.exponent} decimal place${cur.exponent === 1 ? '' : 's'}.`,
    );
  }
  // Checked on the string first so that huge inputs never reach BigInt.
  if (intPart.length > MAX_DIGITS) {
    return tooLarge(cur.code);
  }
  const magnitude = BigInt(intPart + fracPart.padEnd(cur.exponent, '0'));
  if (magnitude >= MAX_MINOR_EXCLUSIVE) {
    return tooLarge(cur.code);
  }
  if (magnitude === 0n) {
    return opts.allowZero ? { ok: true, value: 0n } : fail('ZERO_NOT_ALLOWED', 'Amount must not be zero.');
  }
  if (negative && !opts.allowNegative) {
    return fail('NEGATIVE_NOT_ALLOWED', 'Amount must not be negative.');
  }
  return { ok: true, value: negative ? -magnitude : magnitude };
}

function tooLarge(code: string): Result<never> {
  return fail(
    'AMOUNT_TOO_LARGE',
    `Amount is too large: at most 18 digits in ${code} minor units are allowed.`,
  );
}

/** @internal Shared by fromApi. Never echoes more than a short prefix of untrusted input. */
export function unknownCurrency(currency: unknown): Result<never> {
  const shown = typeof currency === 'string' ? JSON.stringify(currency.slice(0, 16)) : `a ${typeof currency}`;
  return fail('UNKNOWN_CURRENCY', `Unknown or unsupported currency: ${shown}.`);
}
