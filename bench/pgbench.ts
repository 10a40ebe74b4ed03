import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Latencies } from './latency.ts';
import type { BenchResult, Log } from './types.ts';

const run = promisify(execFile);

/** pgbench from PATH, `pg_config --bindir` or /usr/lib/postgresql/<v>/bin; null when absent. */
export async function findPgbench(): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, 'pgbench'))) return join(dir, 'pgbench');
  }
  try {
    const { stdout } = await run('pg_config', ['--bindir']);
    const p = join(stdout.trim(), 'pgbench');
    if (existsSync(p)) return p;
  } catch {
    // no pg_config
  }
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      const p = join(base, v, 'bin', 'pgbench');
      if (existsSync(p)) return p;
    }
  }
  return null;
}

export async function pgbenchVersion(bin: string): Promise<string> {
  const { stdout } = await run(bin, ['--version']);
  return stdout.trim();
}

/**
 * The database's own bank-transfer benchmark: TPC-B-like (update an account, a teller and a branch,
 * insert a history row, commit) at scale 8 with 8 clients, on the same durable cluster.
 */
export async function runPgbench(
  bin: string,
  clusterUrl: string,
  seconds: number,
  log: Log,
): Promise<BenchResult> {
  const u = new URL(clusterUrl);
  const env = { ...process.env, PGPASSWORD: decodeURIComponent(u.password) };
  // The socket directory when the URL names one (`?host=/dir`), as the other clients use.
  const host = u.searchParams.get('host') ?? u.hostname;
  const conn = ['-h', host, '-p', u.port, '-U', decodeURIComponent(u.username)];
  log('pgbench: initialising scale 8 …');
  await run(bin, ['-i', '-s', '8', '-q', ...conn, 'pgbench'], { env, maxBuffer: 16 << 20 });
  log(`pgbench: TPC-B-like, 8 clients, 2 threads, ${seconds} s …`);
  // Per-transaction log (-l) gives the latency percentiles; it goes to a temp dir.
  const logDir = mkdtempSync(join(tmpdir(), 'yinbao-bench-pgbench-'));
  try {
    const { stdout } = await run(
      bin,
      [
        '-c',
        '8',
        '-j',
        '2',
        '-T',
        String(seconds),
        '-n',
        '-l',
        '--log-prefix',
        join(logDir, 'tx'),
        ...conn,
        'pgbench',
      ],
      { env, maxBuffer: 16 << 20 },
    );
    const tps = /tps = ([\d.]+)/.exec(stdout);
    if (!tps) throw new Error(`pgbench printed no tps:\n${stdout}`);
    const [p50, p99, p999] = readLatencies(logDir).percentiles([50, 99, 99.9]);
    return {
      name: 'pgbench TPC-B-like (8 clients)',
      unit: 'tx/s',
      tps: Number(tps[1]),
      p50: p50 ?? null,
      p99: p99 ?? null,
      p999: p999 ?? null,
      ratio: 1,
      notes: '3 UPDATEs, 1 SELECT, 1 INSERT per transaction',
    };
  } finally {
    rmSync(logDir, { recursive: true, force: true });
  }
}

/** Lines are `client tx_no latency_us script_no epoch us`. */
function readLatencies(dir: string): Latencies {
  const lat = new Latencies();
  for (const f of readdirSync(dir)) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      const us = line.split(' ')[2];
      if (us) lat.add(Number(us) / 1000);
    }
  }
  return lat;
}
