/**
 * Post-run checks of the ledger load tests (ledger.concurrency.test.ts): results, stored rows and
 * balances of a load run against each other and the ledger invariants.
 */
import type pg from 'pg';
import { expect } from 'vitest';
import type { LoadReport, Universe } from './test-concurrency.ts';
import { AccountFlags as AF, TransferFlags as TF, type Transfer, type TransferInput } from './types.ts';

export type Cols = [bigint, bigint, bigint, bigint]; // debits_pending, debits_posted, credits_pending, credits_posted

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
export async function verify(pool: pg.Pool, u: Universe, report: LoadReport): Promise<void> {
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
  const { rows } = await pool.query(
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
  const acc = await pool.query(
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
  const totals = await pool.query(
    'SELECT ledger, posted_imbalance, pending_imbalance FROM ledger_totals ORDER BY ledger',
  );
  for (const t of totals.rows)
    expect({ ledger: t.ledger, posted: t.posted_imbalance, pending: t.pending_imbalance }).toEqual({
      ledger: t.ledger,
      posted: '0',
      pending: '0',
    });
}
