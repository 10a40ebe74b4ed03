import { type CurrencyCode, isCurrencyCode } from './currencies.ts';
import { toDecimalString } from './format.ts';
import { type ParseOptions, parseAmount, type Result, unknownCurrency } from './parse.ts';

export type Money = { readonly amount: bigint; readonly currency: CurrencyCode };

export type ApiMoney = { amount: string; currency: string };

export function money(amount: bigint, currency: CurrencyCode): Money {
  if (typeof amount !== 'bigint') throw new TypeError('Money amount must be a bigint');
  if (!isCurrencyCode(currency)) throw new RangeError(`Unknown currency: ${String(currency)}`);
  return { amount, currency };
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new Error(`Currency mismatch: ${a.currency} vs ${b.currency}`);
  }
}

/** Sum of two amounts. Throws on currency mismatch (a programming bug, not a user error). */
export function add(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return { amount: a.amount + b.amount, currency: a.currency };
}

/** Difference a - b. Throws on currency mismatch. */
export function sub(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return { amount: a.amount - b.amount, currency: a.currency };
}

export function isZero(m: Money): boolean {
  return m.amount === 0n;
}

/** -1, 0 or 1. Throws on currency mismatch. */
export function compare(a: Money, b: Money): -1 | 0 | 1 {
  assertSameCurrency(a, b);
  return a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0;
}

/** Wire form: { amount: "12.34", currency: "CNY" }. */
export function toApi(m: Money): ApiMoney {
  return { amount: toDecimalString(m.amount, m.currency), currency: m.currency };
}

/** Validates the wire form; see parseAmount for the rules. */
export function fromApi(
  input: { amount: unknown; currency: unknown },
  opts: ParseOptions = {},
): Result<Money> {
  const { currency } = input;
  if (!isCurrencyCode(currency)) {
    return unknownCurrency(currency);
  }
  const r = parseAmount(input.amount, currency, opts);
  return r.ok ? { ok: true, value: { amount: r.value, currency } } : r;
}
