/**
 * Seconds to wait after each failed attempt (the first entry after the first attempt). Eleven
 * retries over about three days (70.7 h without jitter); after the last one the delivery is failed.
 */
export const RETRY_SCHEDULE_SECONDS = [
  10,
  30,
  2 * 60,
  10 * 60,
  30 * 60,
  3600,
  3 * 3600,
  6 * 3600,
  12 * 3600,
  24 * 3600,
  24 * 3600,
] as const;

/** ±20 % around each delay, so that endpoints failing together do not all retry together. */
export const JITTER = 0.2;

/**
 * When to try again after `attempts` failed attempts, or null to give up. `random` is in [0, 1).
 */
export function nextAttemptAt(now: Date, attempts: number, random: () => number = Math.random): Date | null {
  const base = RETRY_SCHEDULE_SECONDS[attempts - 1];
  if (base === undefined) return null;
  const factor = 1 - JITTER + 2 * JITTER * random();
  return new Date(now.getTime() + Math.round(base * factor * 1000));
}
