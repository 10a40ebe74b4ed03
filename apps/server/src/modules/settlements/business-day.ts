/**
 * Business days of settlement: calendar days in Asia/Shanghai (UTC+8 all year, no daylight saving
 * time), the same days as the wallets' limit counters (`limitKeys`) and history summary.
 */
export const SETTLEMENT_TIME_ZONE = 'Asia/Shanghai';

const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** The business day (YYYY-MM-DD) an instant belongs to. */
export const businessDateOf = (at: Date): string =>
  new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);

/** [start, cut-off): from 00:00:00 to the next 00:00:00, Shanghai time. */
export function dayBounds(date: string): { from: Date; cutoff: Date } {
  const from = new Date(`${date}T00:00:00+08:00`);
  return { from, cutoff: new Date(from.getTime() + DAY_MS) };
}

export const nextDate = (date: string): string => businessDateOf(dayBounds(date).cutoff);

/** A valid YYYY-MM-DD calendar date (year 0001 or later: PostgreSQL has no year 0). */
export function isDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || s < '0001-01-01') return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** MDR fee: gross × bps / 10 000, rounded half up (amounts are never negative). */
export const mdrFee = (gross: bigint, bps: number): bigint => (gross * BigInt(bps) + 5000n) / 10000n;
