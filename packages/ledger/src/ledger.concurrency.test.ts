/**
 * Concurrency tests of the ledger engine against real PostgreSQL.
 *
 * Load tests (≥ 10,000 random transfers each, ~50 accounts of which 3 hot ones take ~30% of the
 * traffic, flagged debitsMustNotExceedCredits and funded from an unflagged bank account), in three
 * shapes:
 *   - 8 engines sharing one pool, 64 clients: large batches racing each other on row locks
 *     (one engine per server process, several processes)
 *   - 64 engines sharing one pool (max 70), 256 clients: ≥ 64 concurrent transactions
 *   - 1 engine, 64 concurrent clients: everything funnels through one writer's batches
 * Traffic: single transfers, linked pairs, pending → post (full/partial) or void, bank top-ups,
 * retries of earlier events with the same ids and duplicates submitted at the same moment as the
 * original (to the same engine, so that the engine's in-batch idempotency is exercised).
 * Afterwards: no submission threw; every id has at most one 'created' result and every ok id exactly
 * one; the stored rows are exactly the ok ids (failed transfers absent); the stored balances equal
 * both the balances implied by the results and the balances replayed from ledger_transfers; no flagged
 * account overdrawn; per ledger Σdebits = Σcredits.
 *
 * Idempotency races: one transfer submitted 50 times at once, to a single engine and split across
 * engines; a post and a void of the same pending transfer submitted at once to two engines.
 *
 * Size: LEDGER_CONCURRENCY_TRANSFERS (default 10000) per load test; LEDGER_CONCURRENCY_SEED.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.ts';
import { createAccounts } from './accounts.ts';
import { createLedgerEngine, type EngineStats, type LedgerEngine } from './engine.ts';
import { uuidv7 } from './ids.ts';
import { expirePendingTransfers } from './sweeper.ts';
import {
  AccountFlags as AF,
  TransferFlags as TF,
  type Transfer,
  type TransferInput,
  type TransferResult,
} from './types.ts';

const TRANSFERS = Number(process.env.LEDGER_CONCURRENCY_TRANSFERS ?? 10_000);
const SEED = Number(process.env.LEDGER_CONCURRENCY_SEED ?? Date.now() % 2 ** 31);
const LEDGER = 156;
const USERS = 49;
const HOT = 3;
const FUNDING = 20_000n;

let db: TestDatabase;
const engines: LedgerEngine[] = [];

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 70 });
});
afterAll(async () => {
  await Promise.all(engines.map((e) => e.close()));
  await db?.drop();
});

function newEngines(n: number): LedgerEngine[] {
  const es = Array.from({ length: n }, () => createLedgerEngine({ pool: db.pool }));
  engines.push(...es);
  return es;
}

/** Small deterministic PRNG (mulberry32) so a run's traffic mix is reproducible from its seed. */
function prng(seed: number) {
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
type Rng = ReturnType<typeof prng>;

type Submission = { event: TransferInput[]; results?: TransferResult[]; error?: unknown };

type Universe = { bank: string; users: string[]; hot: string[]; all: string[] };

async function createUniverse(): Promise<Universe> {
  const bank = uuidv7();
  const users = Array.from({ length: USERS }, () => uuidv7());
  const res = await createAccounts(db.pool, [
    { id: bank, ledger: LEDGER, code: 1 },
    ...users.map((id) => ({ id, ledger: LEDGER, code: 2, flags: AF.debitsMustNotExceedCredits })),
  ]);
  expect(res.every((r) => r.ok)).toBe(true);
  return { bank, users, hot: users.slice(0, HOT), all: [bank, ...users] };
}

const tr = (
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

type LoadReport = {
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
async function runLoad(
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
    maxCheckedOut = Math.max(maxCheckedOut, db.pool.totalCount - db.pool.idleCount);
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

type Cols = [bigint, bigint, bigint, bigint]; // debits_pending, debits_posted, credits_pending, credits_posted

/** Applies a transfer's balance effect (pending amounts of resolutions looked up in `byId`). */
function applyEffect(
  bal: Map<string, Cols>,
  t: Pick<Transfer, 'debitAccountId' | 'creditAccountId' | 'amount' | 'flags' | 'pendingId'>,
  held: bigint,
) {
  const [dPend, dPost] =
    t.flags & TF.pending
      ? [t.amount, 0n]
      : t.flags & TF.postPending
        ? [-held, t.amount]
        : t.flags & (TF.voidPending | TF.expired)
          ? [-held, 0n]
          : [0n, t.amount];
  const d = bal.get(t.debitAccountId)!;
  const c = bal.get(t.creditAccountId)!;
  d[0] += dPend;
  d[1] += dPost;
  c[2] += dPend;
  c[3] += dPost;
}

/** Every post-run assertion of the load tests. */
async function verify(u: Universe, report: LoadReport): Promise<void> {
  const { submissions } = report;
  const errors = submissions.filter((s) => s.error !== undefined);
  expect(errors.map((s) => String(s.error)).slice(0, 5)).toEqual([]);

  // Per id: how often created / exists / failed, and the transfer the engine returned.
  const created = new Map<string, Transfer>();
  const okIds = new Set<string>();
  const failedIds = new Set<string>();
  const inputs = new Map<string, TransferInput>();
  const problems: string[] = [];
  for (const s of submissions) {
    for (const [i, r] of s.results!.entries()) {
      const t = s.event[i]!;
      inputs.set(t.id, t);
      if (!r.ok) {
        failedIds.add(t.id);
        continue;
      }
      okIds.add(t.id);
      if (r.transfer.id !== t.id) problems.push(`result for ${t.id} carries transfer ${r.transfer.id}`);
      if (r.status === 'created') {
        if (created.has(t.id)) problems.push(`${t.id} created twice`);
        created.set(t.id, r.transfer);
      }
    }
  }
  for (const id of okIds) if (!created.has(id)) problems.push(`${id} ok ('exists') but never 'created'`);
  expect(problems.slice(0, 10)).toEqual([]);

  // Every hold was resolved (post or void) exactly once by the client that made it.
  const resolvedBy = new Map<string, number>();
  for (const t of created.values())
    if (t.pendingId) resolvedBy.set(t.pendingId, (resolvedBy.get(t.pendingId) ?? 0) + 1);
  for (const t of created.values()) {
    if (t.flags & TF.pending && resolvedBy.get(t.id) !== 1)
      problems.push(`pending ${t.id} resolved ${resolvedBy.get(t.id) ?? 0} times`);
  }
  expect(problems.slice(0, 10)).toEqual([]);

  // Stored rows: exactly the created ids; nothing that only ever failed.
  const ids = u.all;
  const { rows } = await db.pool.query(
    `SELECT t.id, t.debit_account_id, t.credit_account_id, t.amount, t.flags, t.pending_id, p.amount AS held
       FROM ledger_transfers t LEFT JOIN ledger_transfers p ON p.id = t.pending_id
      WHERE t.debit_account_id = ANY($1::uuid[]) OR t.credit_account_id = ANY($1::uuid[])`,
    [ids],
  );
  const stored = new Set(rows.map((r) => r.id as string));
  expect(rows.length).toBe(stored.size);
  expect(rows.length).toBe(created.size);
  expect([...created.keys()].filter((id) => !stored.has(id))).toEqual([]);
  const neverOk = [...failedIds].filter((id) => !okIds.has(id));
  expect(neverOk.filter((id) => stored.has(id))).toEqual([]);

  // Stored rows match what the engine said it created, and what the client asked for.
  for (const r of rows) {
    const c = created.get(r.id)!;
    const input = inputs.get(r.id)!;
    const same =
      c.debitAccountId === r.debit_account_id &&
      c.creditAccountId === r.credit_account_id &&
      c.amount === r.amount &&
      c.flags === r.flags &&
      c.pendingId === r.pending_id &&
      (input.amount === undefined || input.amount === r.amount) &&
      (input.debitAccountId === undefined || input.debitAccountId === r.debit_account_id);
    if (!same) problems.push(`row ${r.id} differs from its created result / input`);
  }
  expect(problems.slice(0, 10)).toEqual([]);

  // Balances: stored = implied by the results = replayed from ledger_transfers.
  const zero = () => new Map(ids.map((id) => [id, [0n, 0n, 0n, 0n] as Cols]));
  const fromResults = zero();
  for (const t of created.values())
    applyEffect(fromResults, t, t.pendingId ? created.get(t.pendingId)!.amount : 0n);
  const fromRows = zero();
  for (const r of rows) {
    applyEffect(
      fromRows,
      {
        debitAccountId: r.debit_account_id,
        creditAccountId: r.credit_account_id,
        amount: r.amount,
        flags: r.flags,
        pendingId: r.pending_id,
      },
      r.held ?? 0n,
    );
  }
  const acc = await db.pool.query(
    `SELECT id, flags, debits_pending, debits_posted, credits_pending, credits_posted
       FROM ledger_accounts WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  expect(acc.rows.length).toBe(ids.length);
  const sums: Cols = [0n, 0n, 0n, 0n];
  for (const a of acc.rows) {
    const s = [a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted] as Cols;
    const label = a.id === u.bank ? 'bank' : a.id;
    if (s.join() !== fromResults.get(a.id)!.join())
      problems.push(`${label} stored [${s}] ≠ results [${fromResults.get(a.id)}]`);
    if (s.join() !== fromRows.get(a.id)!.join())
      problems.push(`${label} stored [${s}] ≠ replayed [${fromRows.get(a.id)}]`);
    if ((a.flags & AF.debitsMustNotExceedCredits) !== 0 && s[0] + s[1] > s[3])
      problems.push(`${label} overdrawn`);
    for (let i = 0; i < 4; i++) sums[i] = sums[i]! + s[i]!;
  }
  expect(problems.slice(0, 10)).toEqual([]);
  // Per ledger Σdebits = Σcredits, for this universe and for the whole database.
  expect(sums[1]).toBe(sums[3]);
  expect(sums[0]).toBe(sums[2]);
  expect(sums[0]).toBe(0n); // all holds resolved
  const totals = await db.pool.query(
    'SELECT ledger, posted_imbalance, pending_imbalance FROM ledger_totals ORDER BY ledger',
  );
  for (const t of totals.rows)
    expect({ ledger: t.ledger, posted: t.posted_imbalance, pending: t.pending_imbalance }).toEqual({
      ledger: t.ledger,
      posted: '0',
      pending: '0',
    });
}

function summarize(name: string, r: LoadReport): string {
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

describe(`ledger engine under concurrency (seed ${SEED})`, () => {
  it('8 engines sharing a pool, 64 clients: batches race on row locks', async () => {
    const u = await createUniverse();
    const report = await runLoad(u, newEngines(8), 64, TRANSFERS, SEED);
    console.log(summarize('8 engines × 64 clients', report));
    await verify(u, report);
    expect(report.transfers).toBeGreaterThanOrEqual(TRANSFERS);
  }, 300_000);

  it('64 engines sharing a pool of 70, 256 clients: 64 concurrent transactions', async () => {
    const u = await createUniverse();
    const report = await runLoad(u, newEngines(64), 256, TRANSFERS, SEED + 1);
    console.log(summarize('64 engines × 256 clients', report));
    await verify(u, report);
    expect(report.maxCheckedOut).toBeGreaterThanOrEqual(64);
  }, 300_000);

  it('8 engines, 64 clients, duplicates submitted to a second engine at the same moment', async () => {
    const u = await createUniverse();
    const report = await runLoad(u, newEngines(8), 64, TRANSFERS, SEED + 3, {
      duplicatesOnOtherEngine: true,
    });
    console.log(summarize('8 engines × 64 clients, cross-engine duplicates', report));
    await verify(u, report);
  }, 300_000);

  it('1 engine, 64 concurrent clients', async () => {
    const u = await createUniverse();
    const report = await runLoad(u, newEngines(1), 64, TRANSFERS, SEED + 2);
    console.log(summarize('1 engine × 64 clients', report));
    await verify(u, report);
    expect(report.stats.largestBatch).toBeGreaterThan(1);
  }, 300_000);
});

describe('idempotency races', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /**
   * Makes a race deterministic: holds the row lock of `accountId` from a separate connection, starts
   * the submissions, waits until `waiters` engine transactions are blocked behind the lock (they have
   * already read ledger_transfers by then), and releases it.
   */
  async function raceBehindLock<T>(accountId: string, waiters: number, start: () => Promise<T>): Promise<T> {
    const holder = await db.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM ledger_accounts WHERE id = $1 FOR UPDATE', [accountId]);
      const outcome = start();
      for (let i = 0; ; i++) {
        const { rows } = await db.pool.query(
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

  function outcomes(settled: PromiseSettledResult<TransferResult[]>[]) {
    return settled.map((s) =>
      s.status === 'rejected'
        ? `threw: ${(s.reason as Error).message}`
        : s.value[0]!.ok
          ? s.value[0]!.status
          : s.value[0]!.code,
    );
  }

  /** One transfer submitted n times at once, split round-robin across `es`. */
  async function sameTransferRace(es: LedgerEngine[], n: number, forced: boolean) {
    const u = await createUniverse();
    await es[0]!.submit([tr(u.bank, u.users[0]!, 1_000n)]);
    const t = tr(u.users[0]!, u.users[1]!, 250n, 0, { userData: { order: 42 } });
    const start = () =>
      Promise.allSettled(Array.from({ length: n }, (_, i) => es[i % es.length]!.submit([{ ...t }])));
    const settled = forced ? await raceBehindLock(u.users[0]!, es.length, start) : await start();
    const { rows } = await db.pool.query('SELECT id, amount FROM ledger_transfers WHERE id = $1', [t.id]);
    const bal = await db.pool.query('SELECT debits_posted FROM ledger_accounts WHERE id = $1', [u.users[0]]);
    return { t, settled, o: outcomes(settled), rows, debited: bal.rows[0].debits_posted as bigint };
  }

  it('the same transfer 50 times at once to one engine: 1 created + 49 exists, one row', async () => {
    const { t, settled, o, rows, debited } = await sameTransferRace(newEngines(1), 50, false);
    expect(o.filter((x) => x === 'created')).toHaveLength(1);
    expect(o.filter((x) => x === 'exists')).toHaveLength(49);
    for (const s of settled)
      if (s.status === 'fulfilled' && s.value[0]!.ok) expect(s.value[0]!.transfer.id).toBe(t.id);
    expect(rows).toEqual([{ id: t.id, amount: 250n }]);
    expect(debited).toBe(250n);
  });

  it('the same transfer 50 times at once across 8 engines (forced interleaving): stored and debited once', async () => {
    // The database's safety net: whatever the engines answer, the transfer exists once and moved
    // money once, and no engine answers with anything but the one transfer.
    const { t, settled, o, rows, debited } = await sameTransferRace(newEngines(8), 50, true);
    expect(o.filter((x) => x === 'created').length).toBeLessThanOrEqual(1);
    expect(o.filter((x) => !x.startsWith('threw') && x !== 'created' && x !== 'exists')).toEqual([]);
    for (const s of settled)
      if (s.status === 'fulfilled' && s.value[0]!.ok) expect(s.value[0]!.transfer.id).toBe(t.id);
    expect(rows).toEqual([{ id: t.id, amount: 250n }]);
    expect(debited).toBe(250n);
  });

  it('the same transfer 50 times at once across 8 engines (forced interleaving): 50 ok results', async () => {
    const { t, settled, o, rows } = await sameTransferRace(newEngines(8), 50, true);
    expect(o.filter((x) => x !== 'created' && x !== 'exists')).toEqual([]);
    expect(o.filter((x) => x === 'created')).toHaveLength(1);
    for (const s of settled)
      if (s.status === 'fulfilled' && s.value[0]!.ok) expect(s.value[0]!.transfer.id).toBe(t.id);
    expect(rows).toEqual([{ id: t.id, amount: 250n }]);
  });

  /** A pending transfer resolved at once by two engines (post on one, void on the other). */
  async function postVoidRace() {
    const [e1, e2] = newEngines(2);
    const u = await createUniverse();
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
    const settled = await raceBehindLock(u.users[0]!, 2, () =>
      Promise.allSettled([e1!.submit([resolve(TF.postPending)]), e2!.submit([resolve(TF.voidPending)])]),
    );
    const { rows } = await db.pool.query(
      'SELECT count(*)::int AS n FROM ledger_transfers WHERE pending_id = $1',
      [p.id],
    );
    const acc = await db.pool.query('SELECT debits_pending FROM ledger_accounts WHERE id = $1', [u.users[0]]);
    return {
      o: outcomes(settled),
      resolutions: rows[0].n as number,
      held: acc.rows[0].debits_pending as bigint,
    };
  }

  it('post and void of one pending transfer at once on two engines: resolved exactly once', async () => {
    const { o, resolutions, held } = await postVoidRace();
    expect(o.filter((x) => x === 'created')).toHaveLength(1);
    expect(resolutions).toBe(1);
    expect(held).toBe(0n);
  });

  it('post and void of one pending transfer at once on two engines: the loser is refused with a code', async () => {
    const { o } = await postVoidRace();
    expect(o.filter((x) => x === 'created')).toHaveLength(1);
    expect(
      o.filter((x) => x === 'PENDING_TRANSFER_ALREADY_POSTED' || x === 'PENDING_TRANSFER_ALREADY_VOIDED'),
    ).toHaveLength(1);
  });

  /** Two server processes' sweepers (one engine each) expiring the same pending transfer at once. */
  async function sweeperRace() {
    const [e1, e2] = newEngines(2);
    const u = await createUniverse();
    await e1!.submit([tr(u.bank, u.users[0]!, 1_000n)]);
    const p = tr(u.users[0]!, u.users[1]!, 300n, TF.pending, { timeoutSeconds: 1 });
    expect((await e1!.submit([p]))[0]).toMatchObject({ ok: true, status: 'created' });
    // Only this pending transfer is due: nothing else in this database has a timeout.
    const now = new Date(Date.now() + 5_000);
    const settled = await raceBehindLock(u.users[0]!, 2, () =>
      Promise.allSettled([
        expirePendingTransfers(db.pool, e1!, { now }),
        expirePendingTransfers(db.pool, e2!, { now }),
      ]),
    );
    const { rows } = await db.pool.query(
      'SELECT count(*)::int AS n FROM ledger_transfers WHERE pending_id = $1',
      [p.id],
    );
    return { settled, resolutions: rows[0].n as number };
  }

  it('two sweepers expiring the same pending transfer at once: expired exactly once', async () => {
    const { settled, resolutions } = await sweeperRace();
    expect(resolutions).toBe(1);
    expect(settled.filter((s) => s.status === 'fulfilled' && s.value === 1).length).toBeLessThanOrEqual(1);
  });

  it('two sweepers expiring the same pending transfer at once: both return, 1 expired in total', async () => {
    const { settled } = await sweeperRace();
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled']);
    const counts = settled.map((s) => (s.status === 'fulfilled' ? s.value : -1));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
  });
});
