/**
 * Helpers of the ledger concurrency tests (ledger.concurrency.test.ts, ledger.races.test.ts): the
 * account universe, the load workload and its report, and the idempotency race scenarios. The
 * post-run checks of the load tests are in test-concurrency-verify.ts.
 */
import type pg from 'pg';
import { expect } from 'vitest';
import { createAccounts } from './accounts.ts';
import type { EngineStats, LedgerEngine } from './engine.ts';
import { uuidv7 } from './ids.ts';
import { expirePendingTransfers } from './sweeper.ts';
import { AccountFlags as AF, TransferFlags as TF, type TransferInput, type TransferResult } from './types.ts';

const LEDGER = 156;
const USERS = 49;
const HOT = 3;
const FUNDING = 20_000n;

/** Small deterministic PRNG (mulberry32) so a run's traffic mix is reproducible from its seed. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof prng>;

export type Submission = { event: TransferInput[]; results?: TransferResult[]; error?: unknown };

export type Universe = { bank: string; users: string[]; hot: string[]; all: string[] };

export async function createUniverse(pool: pg.Pool): Promise<Universe> {
  const bank = uuidv7();
  const users = Array.from({ length: USERS }, () => uuidv7());
  const res = await createAccounts(pool, [
    { id: bank, ledger: LEDGER, code: 1 },
    ...users.map((id) => ({ id, ledger: LEDGER, code: 2, flags: AF.debitsMustNotExceedCredits })),
  ]);
  expect(res.every((r) => r.ok)).toBe(true);
  return { bank, users, hot: users.slice(0, HOT), all: [bank, ...users] };
}

export const tr = (
  debit: string,
  credit: string,
  amount: bigint,
  flags = 0,
  extra: Partial<TransferInput> = {},
) => ({
  id: uuidv7(),
  debitAccountId: debit,
  creditAccountId: credit,
  amount,
  ledger: LEDGER,
  code: 1,
  flags,
  ...extra,
});

export type LoadReport = {
  submissions: Submission[];
  transfers: number;
  seconds: number;
  stats: EngineStats;
  maxCheckedOut: number;
};

/**
 * Runs `clients` concurrent clients until `total` new transfers have been issued. Client i submits
 * to engines[i % engines.length].
 */
export async function runLoad(
  pool: pg.Pool,
  u: Universe,
  es: LedgerEngine[],
  clients: number,
  total: number,
  seed: number,
  opts: { duplicatesOnOtherEngine?: boolean } = {},
): Promise<LoadReport> {
  const submissions: Submission[] = [];
  let issued = 0;
  let maxCheckedOut = 0;
  const sampler = setInterval(() => {
    maxCheckedOut = Math.max(maxCheckedOut, pool.totalCount - pool.idleCount);
  }, 2);

  const submit = async (engine: LedgerEngine, event: TransferInput[]): Promise<TransferResult[] | null> => {
    const s: Submission = { event };
    submissions.push(s);
    try {
      s.results = await engine.submit(event);
      return s.results;
    } catch (e) {
      s.error = e;
      return null;
    }
  };

  // Fund every user from the bank (concurrently, through the engines).
  await Promise.all(u.users.map((id, i) => submit(es[i % es.length]!, [tr(u.bank, id, FUNDING)])));

  const client = async (ci: number) => {
    const rng = prng(seed + ci * 7919);
    const engine = es[ci % es.length]!;
    const history: TransferInput[][] = [];
    const pick = (r: Rng, not?: string): string => {
      for (;;) {
        const id = r.chance(0.3) ? u.hot[r.int(0, HOT - 1)]! : u.users[r.int(HOT, USERS - 1)]!;
        if (id !== not) return id;
      }
    };
    const amount = (r: Rng) => BigInt(r.int(1, r.chance(0.1) ? 15_000 : 2_000));
    while (issued < total) {
      const roll = rng.next();
      if (roll < 0.55) {
        const a = pick(rng);
        const ev = [tr(a, pick(rng, a), amount(rng))];
        issued += 1;
        history.push(ev);
        await submit(engine, ev);
      } else if (roll < 0.67) {
        // Linked pair a → b → c: all or nothing.
        const a = pick(rng);
        const b = pick(rng, a);
        const c = pick(rng, b);
        const ev = [tr(a, b, amount(rng), TF.linked), tr(b, c, amount(rng))];
        issued += 2;
        history.push(ev);
        await submit(engine, ev);
      } else if (roll < 0.77) {
        // Two-phase: hold, then post (full or partial) or void the hold.
        const a = pick(rng);
        const p = tr(
          a,
          pick(rng, a),
          amount(rng),
          TF.pending,
          rng.chance(0.5) ? { timeoutSeconds: 3600 } : {},
        );
        issued += 1;
        const r = await submit(engine, [p]);
        if (r?.[0]?.ok) {
          const post = rng.chance(0.6);
          const resolve: TransferInput = {
            id: uuidv7(),
            pendingId: p.id,
            ledger: LEDGER,
            code: 1,
            flags: post ? TF.postPending : TF.voidPending,
          };
          if (post && rng.chance(0.5)) resolve.amount = BigInt(rng.int(1, Number(p.amount)));
          issued += 1;
          history.push([resolve]);
          await submit(engine, [resolve]);
        }
      } else if (roll < 0.82) {
        // Bank top-up keeps money flowing into drained accounts.
        const ev = [tr(u.bank, pick(rng), BigInt(rng.int(1_000, 10_000)))];
        issued += 1;
        history.push(ev);
        await submit(engine, ev);
      } else if (roll < 0.92 && history.length > 0) {
        // Retry of an earlier event with the same ids (a client that timed out and resends).
        await submit(engine, history[rng.int(0, history.length - 1)]!);
      } else {
        // A new event and its duplicate submitted at the same moment (double-click, network retry).
        const a = pick(rng);
        const ev = [tr(a, pick(rng, a), amount(rng))];
        issued += 1;
        history.push(ev);
        const other = opts.duplicatesOnOtherEngine ? es[(ci + 1) % es.length]! : engine;
        await Promise.all([
          submit(engine, ev),
          submit(
            other,
            ev.map((t) => ({ ...t })),
          ),
        ]);
      }
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const stats = es
    .map((e) => e.stats())
    .reduce((a, s) => ({
      batches: a.batches + s.batches,
      transfers: a.transfers + s.transfers,
      fallbacks: a.fallbacks + s.fallbacks,
      retries: a.retries + s.retries,
      largestBatch: Math.max(a.largestBatch, s.largestBatch),
    }));
  return { submissions, transfers: issued, seconds, stats, maxCheckedOut };
}

export function summarize(name: string, r: LoadReport): string {
  const results = r.submissions.flatMap((s) => s.results ?? []);
  const by = new Map<string, number>();
  for (const x of results) {
    const k = x.ok ? x.status : x.code;
    by.set(k, (by.get(k) ?? 0) + 1);
  }
  return (
    `${name}: ${r.transfers} new transfers (${results.length} results incl. retries) in ${r.seconds.toFixed(2)} s = ` +
    `${Math.round(r.transfers / r.seconds)} transfers/s; max checked-out connections ${r.maxCheckedOut}; ` +
    `engine stats ${JSON.stringify(r.stats)}\n  outcomes: ${[...by].map(([k, v]) => `${k}=${v}`).join(' ')}`
  );
}

// ---------------------------------------------------------------------------------------------
// Idempotency races

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Makes a race deterministic: holds the row lock of `accountId` from a separate connection, starts
 * the submissions, waits until `waiters` engine transactions are blocked behind the lock (they have
 * already read ledger_transfers by then), and releases it.
 */
export async function raceBehindLock<T>(
  pool: pg.Pool,
  accountId: string,
  waiters: number,
  start: () => Promise<T>,
): Promise<T> {
  const holder = await pool.connect();
  try {
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM ledger_accounts WHERE id = $1 FOR UPDATE', [accountId]);
    const outcome = start();
    for (let i = 0; ; i++) {
      const { rows } = await pool.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (rows[0].n >= waiters) break;
      if (i > 1000) throw new Error(`only ${rows[0].n} of ${waiters} transactions blocked`);
      await sleep(5);
    }
    await holder.query('COMMIT');
    return await outcome;
  } finally {
    holder.release();
  }
}

export function outcomes(settled: PromiseSettledResult<TransferResult[]>[]) {
  return settled.map((s) =>
    s.status === 'rejected'
      ? `threw: ${(s.reason as Error).message}`
      : s.value[0]!.ok
        ? s.value[0]!.status
        : s.value[0]!.code,
  );
}

/** One transfer submitted n times at once, split round-robin across `es`. */
export async function sameTransferRace(pool: pg.Pool, es: LedgerEngine[], n: number, forced: boolean) {
  const u = await createUniverse(pool);
  await es[0]!.submit([tr(u.bank, u.users[0]!, 1_000n)]);
  const t = tr(u.users[0]!, u.users[1]!, 250n, 0, { userData: { order: 42 } });
  const start = () =>
    Promise.allSettled(Array.from({ length: n }, (_, i) => es[i % es.length]!.submit([{ ...t }])));
  const settled = forced ? await raceBehindLock(pool, u.users[0]!, es.length, start) : await start();
  const { rows } = await pool.query('SELECT id, amount FROM ledger_transfers WHERE id = $1', [t.id]);
  const bal = await pool.query('SELECT debits_posted FROM ledger_accounts WHERE id = $1', [u.users[0]]);
  return { t, settled, o: outcomes(settled), rows, debited: bal.rows[0].debits_posted as bigint };
}

/** A pending transfer resolved at once by two engines (post on one, void on the other). */
export async function postVoidRace(pool: pg.Pool, es: LedgerEngine[]) {
  const [e1, e2] = es;
  const u = await createUniverse(pool);
  await e1!.submit([tr(u.bank, u.users[0]!, 1_000n)]);
  const p = tr(u.users[0]!, u.users[1]!, 300n, TF.pending);
  expect((await e1!.submit([p]))[0]).toMatchObject({ ok: true, status: 'created' });
  const resolve = (flags: number): TransferInput => ({
    id: uuidv7(),
    pendingId: p.id,
    ledger: LEDGER,
    code: 1,
    flags,
  });
  const settled = await raceBehindLock(pool, u.users[0]!, 2, () =>
    Promise.allSettled([e1!.submit([resolve(TF.postPending)]), e2!.submit([resolve(TF.voidPending)])]),
  );
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM ledger_transfers WHERE pending_id = $1', [
    p.id,
  ]);
  const acc = await pool.query('SELECT debits_pending FROM ledger_accounts WHERE id = $1', [u.users[0]]);
  return {
    o: outcomes(settled),
    resolutions: rows[0].n as number,
    held: acc.rows[0].debits_pending as bigint,
  };
}

/** Two server processes' sweepers (one engine each) expiring the same pending transfer at once. */
export async function sweeperRace(pool: pg.Pool, es: LedgerEngine[]) {
  const [e1, e2] = es;
  const u = await createUniverse(pool);
  await e1!.submit([tr(u.bank, u.users[0]!, 1_000n)]);
  const p = tr(u.users[0]!, u.users[1]!, 300n, TF.pending, { timeoutSeconds: 1 });
  expect((await e1!.submit([p]))[0]).toMatchObject({ ok: true, status: 'created' });
  // Only this pending transfer is due: nothing else in this database has a timeout.
  const now = new Date(Date.now() + 5_000);
  const settled = await raceBehindLock(pool, u.users[0]!, 2, () =>
    Promise.allSettled([
      expirePendingTransfers(pool, e1!, { now }),
      expirePendingTransfers(pool, e2!, { now }),
    ]),
  );
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM ledger_transfers WHERE pending_id = $1', [
    p.id,
  ]);
  return { settled, resolutions: rows[0].n as number };
}
