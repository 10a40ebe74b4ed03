import type { TFunction } from 'i18next';
import { bankName } from '../../bank-names.ts';
import { formatMoney } from '../../design/money.ts';
import i18n from '../../i18n.ts';
import type { Transaction } from './api.ts';

/** "+¥50.00" for money in, "-¥12.34" for money out (the sign is text, not only colour). */
export function signedAmount(tx: Pick<Transaction, 'amount' | 'direction'>, lang: string): string {
  const f = formatMoney(tx.amount.amount, tx.amount.currency, lang);
  return tx.direction === 'in' ? `+${f}` : `-${f}`.replace(/^-(-)/, '$1');
}

/** Date and time in the app's language (the device's time zone). */
export function dateTime(iso: string, lang: string, style: 'short' | 'long' = 'short'): string {
  return new Intl.DateTimeFormat(lang, {
    dateStyle: style === 'short' ? 'medium' : 'full',
    timeStyle: style === 'short' ? 'short' : 'medium',
  }).format(new Date(iso));
}

/** What a row is called: the other party's name, else the kind of movement. */
export function rowTitle(tx: Transaction, t: TFunction): string {
  return tx.counterparty.name ? bankName(tx.counterparty.name, i18n.language) : t(`history.kinds.${tx.kind}`);
}

/** "2026-11" in the language: "2026年11月" / "November 2026". */
export function monthLabel(month: string, lang: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
}

export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The current month in Asia/Shanghai (the API's default for the summary). */
export const currentMonth = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
