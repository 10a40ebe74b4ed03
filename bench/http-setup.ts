import { type ChildProcess, fork } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createLedgerEngine, type TransferInput, uuidv7 } from '@yinbao/ledger';
import type pg from 'pg';
import { AccountCode, systemAccountId, TransferCode } from '../apps/server/src/platform/system-accounts.ts';
import type { Log } from './types.ts';

export type Customer = { customerId: string; walletId: string; token: string };

const running = new Set<ChildProcess>();

/** On Ctrl+C: the API servers go first, before the database they talk to. */
export function killApiServers(): void {
  for (const c of running) c.kill('SIGKILL');
}
export type ApiServer = { url: string; stop: () => Promise<void> };

/** Starts bench/http-server.ts in a child process (optionally with --cpu-prof into `profileDir`). */
export async function startApiServer(opts: {
  databaseUrl: string;
  dataDir: string;
  profileDir?: string;
}): Promise<ApiServer> {
  const entry = fileURLToPath(new URL('./http-server.ts', import.meta.url));
  const tsx = import.meta.resolve('tsx');
  const child: ChildProcess = fork(entry, [], {
    execArgv: [
      '--import',
      tsx,
      ...(opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`] : []),
    ],
    env: { ...process.env, BENCH_DATABASE_URL: opts.databaseUrl, BENCH_DATA_DIR: opts.dataDir },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
    }),
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`API server exited early (code ${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send('stop');
      const done = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
      if (!done) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** Signs customers up over HTTP (argon2 makes each ~30 ms: 8 at a time). */
export async function signupCustomers(url: string, n: number, log: Log): Promise<Customer[]> {
  log(`http: signing up ${n} customers …`);
  const out: Customer[] = new Array(n);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < n; i = next++) {
      const res = await fetch(`${url}/v1/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone: `139${String(i).padStart(8, '0')}`, password: 'bench-password-1' }),
      });
      const body = (await res.json()) as {
        customer: { id: string; walletId: string };
        session: { token: string };
      };
      if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(body)}`);
      out[i] = { customerId: body.customer.id, walletId: body.customer.walletId, token: body.session.token };
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return out;
}

/**
 * Moves every bench wallet to tier 1 (no limits, no balance cap) and funds it as a settled card
 * top-up would: a transfer from the card-network settlement account.
 */
export async function tierOneAndFund(pool: pg.Pool, minor: bigint, log: Log): Promise<void> {
  log('http: tier 1 and funding …');
  await pool.query('UPDATE wallets SET tier = 1');
  await pool.query(
    'UPDATE ledger_accounts SET max_credit_balance = NULL WHERE id IN (SELECT account_id FROM wallet_accounts)',
  );
  const { rows } = await pool.query<{ account_id: string }>(
    `SELECT account_id FROM wallet_accounts WHERE currency = 'CNY'`,
  );
  const engine = createLedgerEngine({ pool });
  try {
    const transfers: TransferInput[] = rows.map((r) => ({
      id: uuidv7(),
      debitAccountId: systemAccountId(156, AccountCode.cardNetworkSettlement),
      creditAccountId: r.account_id,
      amount: minor,
      ledger: 156,
      code: TransferCode.topup,
      userData: { kind: 'topup', from: { name: 'Bench fixture' } },
    }));
    const results = await engine.submit(transfers);
    const bad = results.find((r) => !r.ok);
    if (bad) throw new Error(`funding failed: ${JSON.stringify(bad)}`);
  } finally {
    await engine.close();
  }
}

/** Waits until no request is mid-flight on the server: no idempotency lease open, no new transfers. */
export async function waitQuiet(pool: pg.Pool, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = -1n;
  let stable = 0;
  while (Date.now() < deadline && stable < 3) {
    await sleep(200);
    const { rows } = await pool.query(
      `SELECT (SELECT coalesce(max(seq), 0) FROM ledger_transfers)::int8 AS seq,
              (SELECT count(*) FROM idempotency_keys WHERE status = 'in_progress')::int AS open`,
    );
    const seq = BigInt(rows[0].seq);
    stable = seq === last && rows[0].open === 0 ? stable + 1 : 0;
    last = seq;
  }
}

/** Waits for the outbox worker to deliver the backlog (notifications) so phases start equal. */
export async function drainOutbox(pool: pg.Pool, log: Log, timeoutMs = 120_000): Promise<number> {
  const start = Date.now();
  const deadline = start + timeoutMs;
  for (let first = true; ; first = false) {
    const { rows } = await pool.query(
      'SELECT count(*)::int AS n FROM outbox_events WHERE delivered_at IS NULL',
    );
    const n = rows[0].n as number;
    if (first && n > 0) log(`http: waiting for the outbox worker to deliver ${n} events …`);
    if (n === 0) {
      if (!first) log(`http: outbox delivered in ${((Date.now() - start) / 1000).toFixed(1)} s`);
      return 0;
    }
    if (Date.now() > deadline) {
      log(`http: outbox still has ${n} undelivered events; going on`);
      return n;
    }
    await sleep(250);
  }
}
