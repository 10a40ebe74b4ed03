import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reconcileLedger } from '@yinbao/ledger';
import pg from 'pg';
import { type EmbeddedCluster, startEmbeddedPostgres } from '../apps/server/src/platform/db/embedded.ts';
import { migrate } from '../apps/server/src/platform/db/migrate.ts';
import { quoteIdent, withDatabase } from '../apps/server/src/platform/db/pool.ts';
import type { Check } from './types.ts';

/** Durable settings: every acknowledged commit is on disk, as in production. */
export const DURABLE_SETTINGS = {
  fsync: 'on',
  synchronous_commit: 'on',
  full_page_writes: 'on',
  shared_buffers: '256MB',
  max_connections: '300',
};

export type BenchCluster = EmbeddedCluster & { dir: string; destroy: () => Promise<void> };

/** One throwaway PostgreSQL cluster in a temp dir; `destroy()` stops it and removes the dir. */
export async function startBenchCluster(): Promise<BenchCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'yinbao-bench-pg-'));
  // Clients on the same machine talk to PostgreSQL over a Unix socket, as a co-located deployment
  // does (and pgbench too): a loopback TCP round trip costs the 2-core machine about a quarter of
  // the API's throughput for nothing. Root runs postgres as another user, which must create it.
  const socketDir = join(dir, 'sock');
  mkdirSync(socketDir, { mode: 0o777 });
  chmodSync(socketDir, 0o777);
  let cluster: EmbeddedCluster;
  try {
    cluster = await startEmbeddedPostgres({
      dataDir: dir,
      persistent: false,
      settings: { ...DURABLE_SETTINGS, unix_socket_directories: socketDir },
    });
    cluster = { ...cluster, url: `${cluster.url}?host=${encodeURIComponent(socketDir)}` };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  let destroyed: Promise<void> | undefined;
  const destroy = async () => {
    try {
      await cluster.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  return {
    ...cluster,
    dir,
    // Every caller waits for the one and only shutdown.
    destroy: () => {
      destroyed ??= destroy();
      return destroyed;
    },
  };
}

/** Creates a database on the cluster (optionally migrated) and returns its URL. */
export async function createDatabase(adminUrl: string, name: string, migrated: boolean): Promise<string> {
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
  const url = withDatabase(adminUrl, name);
  if (migrated) await withClient(url, (c) => migrate(c));
  return url;
}

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Highest ledger transfer sequence number so far (0 when none). */
export async function maxSeq(db: pg.Pool | pg.ClientBase): Promise<bigint> {
  const { rows } = await db.query('SELECT coalesce(max(seq), 0)::int8 AS s FROM ledger_transfers');
  return BigInt(rows[0].s);
}

/** Ledgers whose debits and credits (posted or pending) do not balance. */
export async function imbalancedLedgers(db: pg.Pool | pg.ClientBase): Promise<string[]> {
  const { rows } = await db.query(
    'SELECT currency, posted_imbalance, pending_imbalance FROM ledger_totals WHERE posted_imbalance <> 0 OR pending_imbalance <> 0',
  );
  return rows.map((r) => `${r.currency}: posted ${r.posted_imbalance}, pending ${r.pending_imbalance}`);
}

/**
 * After a part of the bench: every stored balance equals the balance its transfers give
 * (`yinbao reconcile`), and every ledger balances.
 */
export async function reconciledCheck(pool: pg.Pool, part: string): Promise<Check> {
  const r = await reconcileLedger(pool);
  const n = r.breaks.length + r.imbalances.length;
  return {
    name: `${part}: balances = balances recomputed from transfers`,
    pass: n === 0,
    detail:
      n === 0
        ? `${r.accounts} accounts, ${r.transfers} transfers: no break`
        : `${n} break(s), first: ${JSON.stringify(r.breaks[0] ?? r.imbalances[0], (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`,
  };
}
