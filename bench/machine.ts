import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { withClient } from './db.ts';
import type { Machine } from './types.ts';

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1]!.trim();
  } catch {
    // not Linux
  }
  return cpus()[0]?.model ?? 'unknown';
}

/** The machine and the database settings the figures were measured with. */
export async function describeMachine(clusterUrl: string, pgbench: string | null): Promise<Machine> {
  const settings = await withClient(clusterUrl, async (c) => {
    const { rows } = await c.query(
      `SELECT name, setting, unit FROM pg_settings
        WHERE name IN ('server_version', 'synchronous_commit', 'fsync', 'full_page_writes', 'shared_buffers')`,
    );
    return new Map(rows.map((r) => [r.name as string, r]));
  });
  const get = (n: string) => String(settings.get(n)?.setting ?? '?');
  const sb = settings.get('shared_buffers');
  const sharedBuffers = sb?.unit === '8kB' ? `${(Number(sb.setting) * 8) / 1024}MB` : get('shared_buffers');
  return {
    cpu: cpuModel(),
    cores: cpus().length,
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    postgres: get('server_version'),
    synchronousCommit: get('synchronous_commit'),
    fsync: get('fsync'),
    fullPageWrites: get('full_page_writes'),
    sharedBuffers,
    pgbench,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
