import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../../test/helpers/db.ts';
import { loadMigrations, migrate } from './migrate.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe('migrations', () => {
  it('the template is fully migrated and a second run applies nothing', async () => {
    const client = new pg.Client(db.url);
    await client.connect();
    const r = await migrate(client);
    await client.end();
    expect(r.applied).toEqual([]);
    expect(r.alreadyApplied).toBe(loadMigrations().length);
  });

  it('refuses a migration whose file changed after it was applied', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mig-'));
    writeFileSync(join(dir, '0900_extra.sql'), 'CREATE TABLE extra_t (id int);');
    const client = new pg.Client(db.url);
    await client.connect();
    try {
      expect((await migrate(client, loadMigrations([dir]))).applied).toEqual(['0900_extra']);
      writeFileSync(join(dir, '0900_extra.sql'), 'CREATE TABLE extra_t (id bigint);');
      await expect(migrate(client, loadMigrations([dir]))).rejects.toThrow(/checksum mismatch/);
    } finally {
      await client.end();
    }
  });

  it('a failing migration leaves nothing behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mig-'));
    writeFileSync(join(dir, '0901_bad.sql'), 'CREATE TABLE half_done (id int); SELECT nonsense_fn();');
    const client = new pg.Client(db.url);
    await client.connect();
    try {
      await expect(migrate(client, loadMigrations([dir]))).rejects.toThrow(/0901_bad failed/);
      const t = await client.query(`SELECT to_regclass('half_done') AS t`);
      expect(t.rows[0].t).toBeNull();
    } finally {
      await client.end();
    }
  });
});
