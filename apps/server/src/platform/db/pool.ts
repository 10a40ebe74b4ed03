import pg from 'pg';
import { PreparingClient } from './prepared-client.ts';

// int8 → bigint everywhere: money never passes through a JS number.
pg.types.setTypeParser(20, (v) => BigInt(v));

export type PoolOptions = {
  max?: number;
  applicationName?: string;
  /**
   * A role every connection switches to before its first query (the application role of migration
   * 0150, which cannot rewrite the audit log or ledger transfers). Empty = stay as the login role.
   */
  role?: string;
};

export function createPool(url: string, opts: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    Client: PreparingClient,
    connectionString: url,
    max: opts.max ?? 20,
    application_name: opts.applicationName ?? 'yinbao',
    // The role is set in the connection's start-up packet: in force before any query runs.
    ...(opts.role ? { options: `-c role=${safeRole(opts.role)}` } : {}),
  });
  // A client losing its connection (PostgreSQL restarted or shut down) must not crash the process:
  // idle clients report through the pool, checked-out ones through their own listener; the query in
  // flight still fails and its caller handles that.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  return pool;
}

/** Replaces the database name in a PostgreSQL URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`unsafe identifier: ${name}`);
  return `"${name}"`;
}

/** A role name for the start-up option (unquoted: the option value is not SQL). */
function safeRole(name: string): string {
  quoteIdent(name); // throws unless a plain lowercase identifier
  return name;
}
