import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCardNetworkSimulator, startIdentitySimulator, startSmsSimulator } from '@yinbao/simulators';
import pg from 'pg';
import pino from 'pino';
import type { Config } from './platform/config.ts';
import { type EmbeddedCluster, startEmbeddedPostgres } from './platform/db/embedded.ts';
import { migrate } from './platform/db/migrate.ts';
import { createPool, withDatabase } from './platform/db/pool.ts';
import { createLogger, type Logger } from './platform/logger.ts';
import { buildServer, type Server } from './server.ts';

export type Database = { url: string; pool: pg.Pool; cluster?: EmbeddedCluster; close: () => Promise<void> };

/**
 * The database: the server in DATABASE_URL, or an embedded PostgreSQL with its data under
 * `<dataDir>/pg` (kept across restarts). Creates the `yinbao` database when missing and migrates.
 */
export async function openDatabase(
  config: Config,
  log: (m: string) => void = () => {},
  poolMax = 40,
): Promise<Database> {
  let cluster: EmbeddedCluster | undefined;
  let url = config.databaseUrl;
  if (!url) {
    cluster = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      port: Number(process.env.YINBAO_PG_PORT ?? 54329),
      settings: { synchronous_commit: 'on', fsync: 'on' },
    });
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'yinbao'`);
    if (exists.rowCount === 0) await admin.query('CREATE DATABASE yinbao');
    await admin.end();
    url = withDatabase(cluster.url, 'yinbao');
    log(`embedded PostgreSQL on port ${cluster.port}, data in ${cluster.dataDir}`);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { applied } = await migrate(client);
  await client.end();
  if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  const pool = createPool(url, { max: poolMax, role: config.dbAppRole });
  return {
    url,
    pool,
    cluster,
    close: async () => {
      await pool.end();
      await cluster?.stop();
    },
  };
}

export type Runtime = {
  url: string;
  cardNetworkUrl: string;
  db: Database;
  server: Server;
  logger: Logger;
  stop: () => Promise<void>;
};

/** Everything `yinbao start` runs: database, simulators (card network, SMS, identity verification), API with its workers. */
export async function startRuntime(
  config: Config,
  opts: { log?: (m: string) => void; port?: number; logFile?: string; webRoot?: string } = {},
): Promise<Runtime> {
  const log = opts.log ?? (() => {});
  // Interactive runs keep the terminal for the banner; JSON logs go to a file (stdout otherwise).
  let destination: pino.DestinationStream | undefined;
  if (opts.logFile) {
    mkdirSync(dirname(opts.logFile), { recursive: true });
    destination = pino.destination({ dest: opts.logFile, sync: false });
    log(`logs: ${opts.logFile}`);
  }
  const logger = createLogger({ level: config.logLevel, destination });
  const db = await openDatabase(config, log);
  // Each outside-world simulator runs in-process unless its URL points at a real service.
  type Sim = { url: string; close: () => Promise<void> };
  const simulators: Array<{ name: string; target: { url: string | undefined }; start: () => Promise<Sim> }> =
    [
      {
        name: 'card-network',
        target: config.cardNetwork,
        start: () =>
          startCardNetworkSimulator({
            port: config.cardNetwork.port,
            host: '127.0.0.1',
            secret: config.cardNetwork.secret,
          }),
      },
      {
        name: 'SMS gateway',
        target: config.sms,
        start: () =>
          startSmsSimulator({ port: config.sms.port, host: '127.0.0.1', secret: config.sms.secret }),
      },
      {
        name: 'identity-verification',
        target: config.identityVerification,
        start: () =>
          startIdentitySimulator({
            port: config.identityVerification.port,
            host: '127.0.0.1',
            secret: config.identityVerification.secret,
          }),
      },
    ];
  const started: Sim[] = [];
  for (const s of simulators) {
    if (s.target.url) continue;
    const sim = await s.start();
    started.push(sim);
    s.target.url = sim.url;
    log(`${s.name} simulator on ${sim.url}`);
  }
  const server = await buildServer({ config, pool: db.pool, logger, webRoot: opts.webRoot ?? webDistDir });
  await server.app.listen({ port: opts.port ?? config.port, host: config.host });
  const { port } = server.app.server.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  if (opts.port === 0) config.publicUrl = url;
  let stopped = false;
  return {
    url,
    cardNetworkUrl: config.cardNetwork.url!,
    db,
    server,
    logger,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // Each part is stopped even if another fails (e.g. Ctrl+C already signalled PostgreSQL).
      for (const step of [
        () => server.close(),
        ...started.map((sim) => () => sim.close()),
        () => db.close(),
      ]) {
        await Promise.resolve()
          .then(step)
          .catch((e: unknown) => log(`shutdown: ${(e as Error).message}`));
      }
    },
  };
}

/** Where `vite build` puts the web app (apps/web/dist); `YINBAO_WEB_DIR` serves another build. */
export const webDistDir =
  process.env.YINBAO_WEB_DIR ?? fileURLToPath(new URL('../../web/dist', import.meta.url));

export const defaultDataDir = (cwd = process.cwd()) => join(cwd, 'data');
