/**
 * A fingerprint of the business state of a test database: for every table of the public schema,
 * its row count and an MD5 of all its rows (as JSON, sorted), plus the ledger's per-currency
 * totals. Two equal fingerprints mean no request in between changed anything that matters.
 *
 * Left out, because they change by design on requests that are refused:
 * - tables (whole):
 *   - `idempotency_keys`: a refused request's answer (4xx) is stored under its key for replay;
 *   - `auth_throttle`: failed sign-ins and bad PINs/codes are counted per phone and per address
 *     (that is the brute-force defence);
 *   - `audit_log`: failed sign-ins and refused staff actions are audited;
 *   - `migrations`, `data_keys`, `pii_backfill`: set up at start, never touched by requests;
 * - columns:
 *   - `sessions.last_seen_at`/`expires_at`, `staff_sessions.last_seen_at`/`expires_at`: the
 *     sliding inactivity window is moved by every authenticated request, refused or not;
 *   - `devices.last_seen_at`: the device a session runs on, seen with each request.
 */
import { createHash } from 'node:crypto';
import type { TestServer } from '../helpers/server.ts';

export const EXCLUDED_TABLES = new Set([
  'idempotency_keys',
  'auth_throttle',
  'audit_log',
  'migrations',
  'data_keys',
  'pii_backfill',
]);

export const EXCLUDED_COLUMNS: Record<string, string[]> = {
  sessions: ['last_seen_at', 'expires_at'],
  staff_sessions: ['last_seen_at', 'expires_at'],
  devices: ['last_seen_at'],
};

export type Fingerprint = Record<string, string>;

let tablesCache: string[] | undefined;

async function tables(s: TestServer): Promise<string[]> {
  if (!tablesCache) {
    const { rows } = await s.db.pool.query(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    tablesCache = rows.map((r) => r.table_name as string).filter((t) => !EXCLUDED_TABLES.has(t));
  }
  return tablesCache;
}

/** `table → "rows:md5"`, and `ledger_totals → md5` of the ledger's per-currency totals. */
export async function fingerprint(s: TestServer): Promise<Fingerprint> {
  const out: Fingerprint = {};
  const names = await tables(s);
  const parts = names.map((t) => {
    const minus = (EXCLUDED_COLUMNS[t] ?? []).map((c) => ` - '${c}'`).join('');
    return `SELECT '${t}' AS t, count(*)::text || ':' || coalesce(md5(string_agg(j, '|' ORDER BY j)), '-') AS f
              FROM (SELECT (to_jsonb(x)${minus})::text AS j FROM ${t} x) r`;
  });
  const { rows } = await s.db.pool.query(parts.join(' UNION ALL '));
  for (const r of rows) out[r.t] = r.f;
  const totals = await s.db.pool.query('SELECT * FROM ledger_totals ORDER BY 1');
  out.ledger_totals = createHash('md5').update(JSON.stringify(totals.rows)).digest('hex');
  return out;
}

/** The names whose fingerprints differ (empty when nothing changed). */
export function changed(before: Fingerprint, after: Fingerprint): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => before[k] !== after[k]).sort();
}
