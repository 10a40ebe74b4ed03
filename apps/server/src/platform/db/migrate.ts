import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ledgerMigrationsDir } from '@yinbao/ledger';
import type pg from 'pg';

export type Migration = { version: number; name: string; sql: string; checksum: string };

const serverMigrationsDir = fileURLToPath(new URL('../../../migrations', import.meta.url));

/** Migrations of every part that owns tables, ordered by version (ledger 0001–0099 and 0361+, server 0100+). */
export function loadMigrations(dirs: string[] = [ledgerMigrationsDir, serverMigrationsDir]): Migration[] {
  const all = dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
      .map((f) => {
        const sql = readFileSync(join(dir, f), 'utf8');
        return {
          version: Number(f.slice(0, 4)),
          name: f.replace(/\.sql$/, ''),
          sql,
          checksum: createHash('sha256').update(sql).digest('hex'),
        };
      }),
  );
  all.sort((a, b) => a.version - b.version);
  for (let i = 1; i < all.length; i++) {
    if (all[i]!.version === all[i - 1]!.version)
      throw new Error(`duplicate migration version ${all[i]!.version}`);
  }
  return all;
}

export type MigrateResult = { applied: string[]; alreadyApplied: number };

/**
 * Applies pending migrations, each in its own transaction, under an advisory lock so that two
 * processes starting at once do not race. A changed checksum of an applied migration is an error:
 * migrations are immutable once shipped.
 */
export async function migrate(client: pg.ClientBase, migrations = loadMigrations()): Promise<MigrateResult> {
  await client.query('SELECT pg_advisory_lock(7366001)');
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ version: number; checksum: string; name: string }>(
      'SELECT version, checksum, name FROM schema_migrations',
    );
    const done = new Map(rows.map((r) => [r.version, r]));
    const applied: string[] = [];
    for (const m of migrations) {
      const prev = done.get(m.version);
      if (prev) {
        if (prev.checksum !== m.checksum) {
          throw new Error(`migration ${m.name} was changed after it was applied (checksum mismatch)`);
        }
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
          m.version,
          m.name,
          m.checksum,
        ]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
      }
      applied.push(m.name);
    }
    return { applied, alreadyApplied: done.size };
  } finally {
    await client.query('SELECT pg_advisory_unlock(7366001)');
  }
}
