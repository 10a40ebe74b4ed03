// The set-based SQL ceiling for the engine lines: the least SQL that durably records a batch of
// transfers and moves the balances, with nothing the ledger adds (no flags or balance checks, no
// idempotency lookup, no account locks taken first, no trigger, no outbox). One writer sends
// batches back to back, as the engine has one transaction in flight at a time; each batch is one
// statement in its own durable transaction: INSERT the transfers from unnest(...), UPDATE the
// accounts from the per-account deltas (aggregated here) via unnest(...).
import type { TransferInput } from '@yinbao/ledger';
import type pg from 'pg';
import { Latencies } from './latency.ts';
import type { BenchResult, Check } from './types.ts';

/** The plain table pair, with one row per ledger account (the same ids), balances at zero. */
export async function setupCeiling(pool: pg.Pool, accounts: string[]): Promise<void> {
  await pool.query(`
    CREATE TABLE ceiling_accounts (id uuid PRIMARY KEY, balance bigint NOT NULL DEFAULT 0);
    CREATE TABLE ceiling_transfers (id uuid PRIMARY KEY, debit uuid NOT NULL, credit uuid NOT NULL, amount bigint NOT NULL)`);
  await pool.query('INSERT INTO ceiling_accounts (id) SELECT unnest($1::uuid[])', [accounts]);
}

const BATCH_SQL = `
  WITH t AS (
    INSERT INTO ceiling_transfers (id, debit, credit, amount)
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int8[])
  )
  UPDATE ceiling_accounts a SET balance = a.balance + d.delta
    FROM unnest($5::uuid[], $6::int8[]) AS d(id, delta)
   WHERE a.id = d.id`;

async function totals(pool: pg.Pool) {
  const { rows } = await pool.query(
    `SELECT (SELECT count(*) FROM ceiling_transfers)::int8 AS n,
            (SELECT coalesce(sum(amount), 0) FROM ceiling_transfers)::int8 AS amount,
            (SELECT coalesce(sum(balance), 0) FROM ceiling_accounts)::int8 AS balance`,
  );
  return { n: BigInt(rows[0].n), amount: BigInt(rows[0].amount), balance: BigInt(rows[0].balance) };
}

/** Batches of `batchSize` transfers drawn by `pick`, back to back on one connection for `seconds`. */
export async function runCeiling(
  pool: pg.Pool,
  name: string,
  seconds: number,
  batchSize: number,
  pick: () => TransferInput,
): Promise<{ result: BenchResult; checks: Check[] }> {
  const before = await totals(pool);
  const client = await pool.connect();
  const lat = new Latencies();
  let ok = 0;
  let okAmount = 0n;
  let thrown = 0;
  let firstError = '';
  const start = performance.now();
  const deadline = start + seconds * 1000;
  try {
    while (performance.now() < deadline) {
      const batch = Array.from({ length: batchSize }, pick);
      const deltas = new Map<string, bigint>();
      let amount = 0n;
      for (const t of batch) {
        const a = t.amount ?? 0n;
        const debit = t.debitAccountId!;
        const credit = t.creditAccountId!;
        amount += a;
        deltas.set(debit, (deltas.get(debit) ?? 0n) - a);
        deltas.set(credit, (deltas.get(credit) ?? 0n) + a);
      }
      // Accounts in id order: the same lock order as the engine's.
      const ids = [...deltas.keys()].sort();
      const t = performance.now();
      try {
        await client.query(BATCH_SQL, [
          batch.map((x) => x.id),
          batch.map((x) => x.debitAccountId),
          batch.map((x) => x.creditAccountId),
          batch.map((x) => String(x.amount ?? 0n)),
          ids,
          ids.map((id) => String(deltas.get(id))),
        ]);
        lat.add(performance.now() - t);
        ok += batch.length;
        okAmount += amount;
      } catch (e) {
        thrown++;
        firstError ||= (e as Error).message;
      }
    }
  } finally {
    client.release();
  }
  const elapsed = (performance.now() - start) / 1000;
  const after = await totals(pool);
  const [p50, p99, p999] = lat.percentiles([50, 99, 99.9]);
  const created = after.n - before.n;
  const createdAmount = after.amount - before.amount;
  const checks: Check[] = [
    {
      name: `${name}: Σ balances = 0`,
      pass: after.balance === 0n,
      detail: `Σ ceiling_accounts.balance = ${after.balance}`,
    },
    {
      name: `${name}: transfers created = acknowledged`,
      pass: created === BigInt(ok) && createdAmount === okAmount,
      detail: `created ${created} (amount ${createdAmount}), acknowledged ${ok} (amount ${okAmount})`,
    },
    {
      name: `${name}: no errors`,
      pass: thrown === 0,
      detail: thrown ? `${thrown} batches failed: ${firstError}` : 'none',
    },
  ];
  const txns = lat.count / elapsed;
  return {
    result: {
      name,
      unit: 'transfers/s',
      tps: ok / elapsed,
      p50: p50 ?? null,
      p99: p99 ?? null,
      p999: p999 ?? null,
      ratio: null,
      notes:
        `1 writer, ${batchSize} transfers/txn, ${txns.toFixed(0)} txn/s: INSERT … unnest + ` +
        `UPDATE … FROM unnest(deltas), no checks; latency per txn`,
    },
    checks,
  };
}
