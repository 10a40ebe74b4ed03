import type { Executor } from '../../platform/sql.ts';

/** How many failures within a window block a key, and for how long. */
export type ThrottleRule = {
  prefix: string;
  maxFailures: number;
  windowSeconds: number;
  blockSeconds: number;
};

/**
 * Password guessing is slowed per (phone, IP) first — so an attacker elsewhere cannot lock the real
 * customer out — then per phone across IPs (distributed guessing, with a higher bar) and per IP
 * (one source trying many phones).
 */
export const LOGIN_RULES: ThrottleRule[] = [
  { prefix: 'login:pair', maxFailures: 5, windowSeconds: 900, blockSeconds: 900 },
  { prefix: 'login:phone', maxFailures: 20, windowSeconds: 3600, blockSeconds: 900 },
  { prefix: 'login:ip', maxFailures: 50, windowSeconds: 3600, blockSeconds: 3600 },
];

export function loginKeys(phone: string, ip: string): string[] {
  return [`login:pair:${phone}|${ip}`, `login:phone:${phone}`, `login:ip:${ip}`];
}

/** Seconds until the latest block on these keys ends, or 0. */
export async function blockedFor(db: Executor, keys: string[]): Promise<number> {
  const { rows } = await db.query(
    `SELECT coalesce(max(extract(epoch FROM blocked_until - now())), 0)::int AS s
       FROM auth_throttle WHERE key = ANY($1) AND blocked_until > now()`,
    [keys],
  );
  return Math.max(0, rows[0].s);
}

/** Counts one failure on every key; a key whose window already ended starts a new one. */
export async function recordFailure(db: Executor, keys: string[], rules: ThrottleRule[]): Promise<void> {
  for (const key of keys) {
    const r = rules.find((x) => key.startsWith(`${x.prefix}:`))!;
    await db.query(
      `INSERT INTO auth_throttle AS t (key, failures, window_started_at, blocked_until)
       VALUES ($1, 1, now(), CASE WHEN $2 <= 1 THEN now() + make_interval(secs => $4) END)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.window_started_at < now() - make_interval(secs => $3) THEN 1 ELSE t.failures + 1 END,
         window_started_at = CASE WHEN t.window_started_at < now() - make_interval(secs => $3)
                                  THEN now() ELSE t.window_started_at END,
         blocked_until = CASE WHEN t.window_started_at >= now() - make_interval(secs => $3) AND t.failures + 1 >= $2
                              THEN now() + make_interval(secs => $4) ELSE t.blocked_until END`,
      [key, r.maxFailures, r.windowSeconds, r.blockSeconds],
    );
  }
}

/** A successful sign-in clears the (phone, IP) pair; the wider counters keep their window. */
export async function clearPair(db: Executor, keys: string[]): Promise<void> {
  await db.query('DELETE FROM auth_throttle WHERE key = $1', [keys[0]]);
}
