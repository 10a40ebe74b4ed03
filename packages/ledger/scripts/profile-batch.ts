// Local measurement of the ledger engine with large batches (issue 6), not part of the bench:
//   npx tsx packages/ledger/scripts/profile-batch.ts [--batch 4000] [--rounds 12] [--seconds 5]
//       [--only steps,engine,ceiling] [--url postgres://…  (an existing, migrated database)]
// Starts a throwaway durable cluster (synchronous_commit=on), creates 10,000 funded accounts, then
//  - steps:   times each statement of one engine batch (BEGIN, the state queries, validation, the
//             INSERT with its trigger, limits, COMMIT) for `--batch` uniform transfers;
//  - engine:  64 closed-loop submitters × 100 transfers through createLedgerEngine (as the bench);
//  - ceiling: set-based SQL on trigger-less copies of the tables: INSERT … SELECT FROM unnest and
//             one UPDATE … FROM (aggregated deltas) per transaction of `--batch` transfers.
import type pg from 'pg';
import { createPool } from '../../../apps/server/src/platform/db/pool.ts';
import { createDatabase, imbalancedLedgers, startBenchCluster } from '../../../bench/db.ts';
import { createLedgerEngine } from '../src/engine.ts';
import { uuidv7 } from '../src/ids.ts';
import {
  anyTransferStored,
  insertPendingLimits,
  insertTransfers,
  loadBatchState,
  upsertLimits,
} from '../src/store.ts';
import { AccountFlags, type TransferInput } from '../src/types.ts';
import { validateBatch } from '../src/validate.ts';

const ACCOUNTS = 10_000;
const CNY = 156;
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const BATCH = Number(arg('batch', '4000'));
const ROUNDS = Number(arg('rounds', '12'));
const SECONDS = Number(arg('seconds', '5'));
const ONLY = arg('only', 'steps,engine,ceiling').split(',');
const rnd = (n: number) => Math.floor(Math.random() * n);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function uniform(accounts: string[]): TransferInput {
  const d = rnd(ACCOUNTS);
  const c = (d + 1 + rnd(ACCOUNTS - 1)) % ACCOUNTS;
  return {
    id: uuidv7(),
    debitAccountId: accounts[d]!,
    creditAccountId: accounts[c]!,
    amount: BigInt(1 + rnd(100)),
    ledger: CNY,
    code: 1,
  };
}

async function setup(pool: pg.Pool): Promise<string[]> {
  const bank = uuidv7();
  const accounts = Array.from({ length: ACCOUNTS }, () => uuidv7());
  await pool.query(
    `INSERT INTO ledger_accounts (id, ledger, code, owner_id, flags) VALUES ($1, $2, 2, 'bank', 0)`,
    [bank, CNY],
  );
  await pool.query(
    `INSERT INTO ledger_accounts (id, ledger, code, flags) SELECT id, $2, 1, $3 FROM unnest($1::uuid[]) AS id`,
    [accounts, CNY, AccountFlags.debitsMustNotExceedCredits],
  );
  const engine = createLedgerEngine({ pool });
  for (let i = 0; i < ACCOUNTS; i += 5000) {
    const res = await engine.submit(
      accounts.slice(i, i + 5000).map((a) => ({
        id: uuidv7(),
        debitAccountId: bank,
        creditAccountId: a,
        amount: 1_000_000_000n,
        ledger: CNY,
        code: 10,
      })),
    );
    if (res.some((r) => !r.ok)) throw new Error('funding failed');
  }
  await engine.close();
  await pool.query('VACUUM ANALYZE ledger_accounts');
  return accounts;
}

/** Wraps client.query to time each statement under a label (first words of its SQL). */
const wrapped = new WeakSet<pg.PoolClient>();
function timed(client: pg.PoolClient, times: Map<string, number[]>) {
  if (wrapped.has(client)) return;
  wrapped.add(client);
  const orig = client.query.bind(client) as (...a: unknown[]) => Promise<unknown>;
  (client as unknown as { query: unknown }).query = async (...a: unknown[]) => {
    const sql = typeof a[0] === 'string' ? a[0] : String((a[0] as { text?: string }).text);
    const label = sql.replace(/\s+/g, ' ').trim().slice(0, 48);
    const t = performance.now();
    const r = await orig(...a);
    const list = times.get(label) ?? [];
    list.push(performance.now() - t);
    times.set(label, list);
    return r;
  };
}

async function steps(pool: pg.Pool, accounts: string[]): Promise<void> {
  const times = new Map<string, number[]>();
  const js = { validate: [] as number[], total: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    const all = Array.from({ length: BATCH }, () => uniform(accounts));
    const client = await pool.connect();
    timed(client, times);
    const t0 = performance.now();
    await client.query('BEGIN');
    // As the engine's first attempt: the batch's ids are not looked up, refused ones are checked.
    const state = await loadBatchState(client, all, { existing: false });
    const tv = performance.now();
    const { accepted, results } = validateBatch(state, [all], { now: new Date() });
    js.validate.push(performance.now() - tv);
    const refused = all.filter((_, i) => !results[0]![i]!.ok).map((t) => t.id);
    if (await anyTransferStored(client, refused)) throw new Error('a refused id is stored');
    await insertTransfers(client, accepted);
    await upsertLimits(client, accepted);
    await insertPendingLimits(client, accepted);
    await client.query('COMMIT');
    js.total.push(performance.now() - t0);
    client.release();
  }
  const total = median(js.total);
  console.log(`steps: ${BATCH} transfers/txn, median of ${ROUNDS} (ms):`);
  for (const [label, xs] of times) console.log(`  ${median(xs).toFixed(1).padStart(7)}  ${label}`);
  console.log(`  ${median(js.validate).toFixed(1).padStart(7)}  validateBatch (JS)`);
  console.log(
    `  ${total.toFixed(1).padStart(7)}  total → ${((BATCH / total) * 1000).toFixed(0)} transfers/s in one txn stream`,
  );
}

async function engineRun(pool: pg.Pool, accounts: string[]): Promise<void> {
  const engine = createLedgerEngine({ pool });
  const s0 = engine.stats();
  let ok = 0;
  let bad = 0;
  const codes = new Map<string, number>();
  const start = performance.now();
  const deadline = start + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (performance.now() < deadline) {
        const res = await engine.submit(Array.from({ length: 100 }, () => uniform(accounts)));
        for (const r of res) {
          if (r.ok) ok++;
          else {
            bad++;
            codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
          }
        }
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  const s1 = engine.stats();
  await engine.close();
  const batches = s1.batches - s0.batches;
  console.log(
    `engine: 64 × 100 transfers/submit: ${(ok / elapsed).toFixed(0)} transfers/s, refused ${bad} ${JSON.stringify([...codes])}, ` +
      `mean batch ${((s1.transfers - s0.transfers) / batches).toFixed(0)}, ${(batches / elapsed).toFixed(1)} txn/s`,
  );
}

async function ceiling(pool: pg.Pool, accounts: string[]): Promise<void> {
  await pool.query(`DROP TABLE IF EXISTS ceil_transfers, ceil_accounts;
    CREATE TABLE ceil_accounts (LIKE ledger_accounts INCLUDING ALL);
    INSERT INTO ceil_accounts SELECT * FROM ledger_accounts;
    CREATE TABLE ceil_transfers (LIKE ledger_transfers INCLUDING ALL);`);
  await pool.query('VACUUM ANALYZE ceil_accounts');
  const client = await pool.connect();
  let n = 0;
  const start = performance.now();
  const deadline = start + SECONDS * 1000;
  while (performance.now() < deadline) {
    const all = Array.from({ length: BATCH }, () => uniform(accounts));
    await client.query('BEGIN');
    await client.query(
      `WITH t AS (
         INSERT INTO ceil_transfers (id, debit_account_id, credit_account_id, amount, ledger, code, flags, created_at)
         SELECT *, 0, now() FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::bigint[], $5::int[], $6::int[])
         RETURNING debit_account_id, credit_account_id, amount)
       UPDATE ceil_accounts a SET debits_posted = a.debits_posted + d.dr, credits_posted = a.credits_posted + d.cr
         FROM (SELECT id, sum(dr) AS dr, sum(cr) AS cr FROM (
                 SELECT debit_account_id AS id, amount AS dr, 0 AS cr FROM t
                 UNION ALL SELECT credit_account_id, 0, amount FROM t) legs GROUP BY id) d
        WHERE a.id = d.id`,
      [
        all.map((t) => t.id),
        all.map((t) => t.debitAccountId),
        all.map((t) => t.creditAccountId),
        all.map((t) => t.amount!.toString()),
        all.map((t) => t.ledger),
        all.map((t) => t.code),
      ],
    );
    await client.query('COMMIT');
    n += BATCH;
  }
  const elapsed = (performance.now() - start) / 1000;
  client.release();
  console.log(
    `ceiling: set-based SQL, ${BATCH}/txn, one connection: ${(n / elapsed).toFixed(0)} transfers/s`,
  );
}

async function main(): Promise<void> {
  const existing = arg('url', '');
  const cluster = existing ? null : await startBenchCluster();
  try {
    const url = existing || (await createDatabase(cluster!.url, 'profile', true));
    const pool = createPool(url, { max: 4, applicationName: 'ledger-profile' });
    const accounts = await setup(pool);
    if (ONLY.includes('steps')) await steps(pool, accounts);
    if (ONLY.includes('engine')) await engineRun(pool, accounts);
    if (ONLY.includes('ceiling')) await ceiling(pool, accounts);
    const imbalanced = await imbalancedLedgers(pool);
    console.log(`ledger balanced: ${imbalanced.length === 0 ? 'yes' : imbalanced.join('; ')}`);
    await pool.end();
  } finally {
    await cluster?.destroy();
  }
}

await main();
