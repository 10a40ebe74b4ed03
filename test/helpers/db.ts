import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createPool, withDatabase } from '../../apps/server/src/platform/db/pool.ts';

/** `pool` works as the application role (like the server); `url` logs in as the owner (superuser). */
export type TestDatabase = { url: string; name: string; pool: pg.Pool; drop: () => Promise<void> };

/** A fresh database cloned from the migrated template (fast: a file copy, no migrations). */
export async function createTestDatabase(opts: { poolMax?: number } = {}): Promise<TestDatabase> {
  const adminUrl = inject('pgAdminUrl');
  const template = inject('pgTemplate');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const pool = createPool(url, { max: opts.poolMax ?? 10, role: 'yinbao_app' });
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
