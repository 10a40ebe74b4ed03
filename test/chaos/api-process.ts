import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const MAIN = join(ROOT, 'apps/server/src/cli/main.ts');

export type ApiExit = { incarnation: number; code: number | null; signal: string | null; killed: boolean };

/**
 * The API as a child process running the real CLI (`yinbao start --no-demo --no-web`), its JSON
 * logs (stdout and stderr) in one file per incarnation. `kill()` is kill -9; an exit the run did not
 * cause is recorded in `exits` (the orchestrator starts it again and reports it).
 */
export type ApiProcess = {
  url: string;
  start: () => Promise<void>;
  kill: () => Promise<void>;
  stop: () => Promise<void>;
  running: () => boolean;
  logFiles: string[];
  exits: ApiExit[];
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createApiProcess(opts: {
  port: number;
  env: Record<string, string>;
  logDir: string;
  log: (m: string) => void;
}): ApiProcess {
  const url = `http://127.0.0.1:${opts.port}`;
  const logFiles: string[] = [];
  const exits: ApiExit[] = [];
  let proc: ChildProcess | undefined;
  let killing = false;

  async function waitReady(child: ChildProcess, incarnation: number): Promise<void> {
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`API incarnation ${incarnation} exited while starting (see ${logFiles.at(-1)})`);
      try {
        const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`API incarnation ${incarnation} not ready after 90 s`);
  }

  async function start(): Promise<void> {
    const incarnation = logFiles.length + 1;
    const file = join(opts.logDir, `api-${String(incarnation).padStart(3, '0')}.log`);
    logFiles.push(file);
    const out: WriteStream = createWriteStream(file);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', MAIN, 'start', '--no-demo', '--no-web', '--port', String(opts.port)],
      { cwd: ROOT, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.pipe(out, { end: false });
    child.stderr!.pipe(out, { end: false });
    proc = child;
    child.once('exit', (code, signal) => {
      const killed = killing && proc === child;
      exits.push({ incarnation, code, signal, killed });
      if (!killed) opts.log(`API incarnation ${incarnation} exited by itself (${code ?? signal})`);
      if (proc === child) proc = undefined;
      setTimeout(() => out.end(), 50);
    });
    await waitReady(child, incarnation);
  }

  /** Send `signal` and wait for the exit; SIGKILL after `graceMs` if it is still running. */
  async function terminate(signal: NodeJS.Signals, graceMs?: number): Promise<void> {
    const child = proc;
    if (!child) return;
    killing = true;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(signal);
    const t = graceMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(t);
    killing = false;
  }
  const kill = () => terminate('SIGKILL');
  const stop = () => terminate('SIGTERM', 15_000);

  return { url, start, kill, stop, running: () => proc !== undefined, logFiles, exits };
}
