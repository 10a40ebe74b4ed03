/**
 * `npm run sdk:generate`: writes packages/sdk/src/schema.gen.ts from the server's OpenAPI document.
 *
 * The document is what the real server serves at /openapi.json: `buildServer` (the composition
 * root, every route with its zod schemas) on a throwaway embedded PostgreSQL, the same way the test
 * suite starts one. A database is needed because building the server opens the keyring from it;
 * a second, database-free route registration would be a copy that could itself drift.
 * Takes a few seconds (initdb + migrations); nothing is left behind.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../../apps/server/src/platform/config.ts';
import { startEmbeddedPostgres } from '../../../apps/server/src/platform/db/embedded.ts';
import { migrate } from '../../../apps/server/src/platform/db/migrate.ts';
import { createPool, withDatabase } from '../../../apps/server/src/platform/db/pool.ts';
import { createLogger } from '../../../apps/server/src/platform/logger.ts';
import { buildServer } from '../../../apps/server/src/server.ts';
import { generateSchemaSource, repoRoot, schemaFile } from './codegen.ts';

/** The OpenAPI document of a server built on a throwaway database (or on `DATABASE_URL`'s server). */
async function openApiDocument(): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'yinbao-sdk-pg-'));
  const cluster = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: dir,
        persistent: false,
        settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
      });
  const adminUrl = process.env.DATABASE_URL ?? cluster!.url;
  const name = `yinbao_sdk_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const c = new pg.Client({ connectionString: withDatabase(adminUrl, name) });
    await c.connect();
    await migrate(c);
    await c.end();
    const pool = createPool(withDatabase(adminUrl, name), { max: 4, role: 'yinbao_app' });
    const config = loadConfig({
      YINBAO_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
      YINBAO_DATA_DIR: dir,
      LOG_LEVEL: 'warn',
    });
    const server = await buildServer({
      config,
      pool,
      logger: createLogger({ level: 'warn' }),
      background: false,
    });
    try {
      await server.app.ready();
      return server.app.swagger();
    } finally {
      await server.close();
      await pool.end();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const source = await generateSchemaSource(await openApiDocument());
let before = '';
try {
  before = readFileSync(schemaFile, 'utf8');
} catch {}
writeFileSync(schemaFile, source);
const where = relative(repoRoot, schemaFile);
console.log(before === source ? `${where} is up to date` : `wrote ${where} (${source.length} bytes)`);
