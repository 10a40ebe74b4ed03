import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { type EmbeddedCluster, startEmbeddedPostgres } from '../apps/server/src/platform/db/embedded.ts';
import { migrate } from '../apps/server/src/platform/db/migrate.ts';
import { withDatabase } from '../apps/server/src/platform/db/pool.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

/**
 * One throwaway PostgreSQL cluster for the whole run (or the server in DATABASE_URL), with a
 * migrated template database; each test file clones it (see helpers/db.ts).
 */
export default async function setup(project: TestProject) {
  let cluster: EmbeddedCluster | undefined;
  let dir: string | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    dir = mkdtempSync(join(tmpdir(), 'yinbao-test-pg-'));
    cluster = await startEmbeddedPostgres({
      dataDir: dir,
      persistent: false,
      // Throwaway data: durability off makes the suite fast; the bench keeps fsync on.
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '400' },
    });
    adminUrl = cluster.url;
  }
  const template = `yinbao_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const tpl = new pg.Client({ connectionString: withDatabase(adminUrl, template) });
  await tpl.connect();
  await migrate(tpl);
  // Tests watch other sessions' lock waits (pg_stat_activity) while working as the app role.
  await tpl.query('GRANT pg_read_all_stats TO yinbao_app');
  await tpl.end();
  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', template);

  return async () => {
    if (cluster) {
      await cluster.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    } else {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await a.end();
    }
  };
}
