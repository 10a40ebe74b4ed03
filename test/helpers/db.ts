import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { loadMigrations, migrate } from '../../apps/server/src/platform/db/migrate.ts';
import { createPool, withDatabase } from '../../apps/server/src/platform/db/pool.ts';

/** `pool` works as the application role (like the server); `url` logs in as the owner (superuser). */
export type TestDatabase = { url: string; name: string; pool: pg.Pool; drop: () => Promise<void> };

/**
 * A fresh database cloned from the migrated template (fast: a file copy, no migrations); or, with
 * `migratedBelow`, an empty one with only the migrations before that version (upgrade tests: write
 * data as an older release did, then `migrate` the rest).
 */
export async function createTestDatabase(
  opts: { poolMax?: number; migratedBelow?: number } = {},
): Promise<TestDatabase> {
  const adminUrl = inject('pgAdminUrl');
  const template = inject('pgTemplate');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(
    opts.migratedBelow === undefined
      ? `CREATE DATABASE ${name} TEMPLATE ${template}`
      : `CREATE DATABASE ${name}`,
  );
  await admin.end();
  const url = withDatabase(adminUrl, name);
  if (opts.migratedBelow !== undefined) {
    const below = opts.migratedBelow;
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await migrate(
      c,
      loadMigrations().filter((m) => m.version < below),
    );
    await c.end();
  }
  // Like the server, tests work as the application role (an "older release" database has no grants yet).
  const pool = createPool(url, {
    max: opts.poolMax ?? 10,
    role: opts.migratedBelow === undefined ? 'yinbao_app' : undefined,
  });
  return {
    url,
    name,
    pool,
    drop: async () => {
      await pool.end();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
