/**
 * Database checks of the model-based ledger test (ledger.model.test.ts): after every step, the
 * stored balances of a sequence's accounts against the model plus the balance invariants; at the
 * end of a sequence, the stored transfers against the model's and a replay of them.
 */
import type pg from 'pg';
import type { ModelTransfer } from './test-model.ts';
import type { Run } from './test-model-run.ts';
import { AccountFlags as AF, TransferFlags as TF } from './types.ts';

type BalanceRow = {
  id: string;
  ledger: number;
  flags: number;
  max_credit_balance: bigint | null;
  debits_pending: bigint;
  debits_posted: bigint;
  credits_pending: bigint;
  credits_posted: bigint;
  bad_ledgers: bigint;
};

/**
 * One query per step: the sequence's balances (and, with `global`, the count of ledgers the
 * ledger_totals view shows imbalanced — a scan of every account, so only at the end of a sequence;
 * each step checks Σdebits = Σcredits per ledger over the sequence's own accounts, which only the
 * sequence's transfers touch).
 */
export async function checkBalancesAndInvariants(
  pool: pg.Pool,
  run: Run,
  step: string,
  global = false,
): Promise<void> {
  const { rows } = await pool.query<BalanceRow>(
    `SELECT id, ledger, flags, max_credit_balance, debits_pending, debits_posted, credits_pending, credits_posted,
            ${global ? '(SELECT count(*) FROM ledger_totals WHERE posted_imbalance <> 0 OR pending_imbalance <> 0)' : '0::bigint'} AS bad_ledgers
       FROM ledger_accounts WHERE id = ANY($1::uuid[])`,
    [run.accs.map((a) => a.id)],
  );
  const problems: string[] = [];
  if (rows.length !== run.accs.length)
    problems.push(`expected ${run.accs.length} accounts, got ${rows.length}`);
  const sums = new Map<number, { dp: bigint; dP: bigint; cp: bigint; cP: bigint }>();
  for (const r of rows) {
    const m = run.model.account(r.id)!;
    const db4 = [r.debits_pending, r.debits_posted, r.credits_pending, r.credits_posted];
    const m4 = [m.debitsPending, m.debitsPosted, m.creditsPending, m.creditsPosted];
    if (db4.some((v, i) => v !== m4[i])) {
      problems.push(
        `${run.label(r.id)} balances db=[${db4.join(', ')}] model=[${m4.join(', ')}] (dp, dP, cp, cP)`,
      );
    }
    if (r.flags !== m.flags) problems.push(`${run.label(r.id)} flags db=${r.flags} model=${m.flags}`);
    if (db4.some((v) => v < 0n)) problems.push(`${run.label(r.id)} negative balance column`);
    if (
      (r.flags & AF.debitsMustNotExceedCredits) !== 0 &&
      r.debits_pending + r.debits_posted > r.credits_posted
    ) {
      problems.push(`${run.label(r.id)} violates debitsMustNotExceedCredits`);
    }
    if (
      (r.flags & AF.creditsMustNotExceedDebits) !== 0 &&
      r.credits_pending + r.credits_posted > r.debits_posted
    ) {
      problems.push(`${run.label(r.id)} violates creditsMustNotExceedDebits`);
    }
    if (
      r.max_credit_balance !== null &&
      r.credits_pending + r.credits_posted - r.debits_posted > r.max_credit_balance
    ) {
      problems.push(`${run.label(r.id)} exceeds its max credit balance`);
    }
    const s = sums.get(r.ledger) ?? { dp: 0n, dP: 0n, cp: 0n, cP: 0n };
    s.dp += r.debits_pending;
    s.dP += r.debits_posted;
    s.cp += r.credits_pending;
    s.cP += r.credits_posted;
    sums.set(r.ledger, s);
  }
  for (const [ledger, s] of sums) {
    if (s.dP !== s.cP) problems.push(`ledger ${ledger}: Σdebits_posted ${s.dP} ≠ Σcredits_posted ${s.cP}`);
    if (s.dp !== s.cp) problems.push(`ledger ${ledger}: Σdebits_pending ${s.dp} ≠ Σcredits_pending ${s.cp}`);
  }
  if (rows[0] && rows[0].bad_ledgers !== 0n)
    problems.push(`ledger_totals shows ${rows[0].bad_ledgers} imbalanced ledger(s)`);
  if (problems.length > 0) throw new Error(`state mismatch after ${step}:\n  ${problems.join('\n  ')}`);
}

/** End of sequence: stored transfers are exactly the model's, and replaying them gives the balances. */
export async function checkStoredTransfers(pool: pg.Pool, run: Run): Promise<void> {
  const ids = run.accs.map((a) => a.id);
  const { rows } = await pool.query(
    `SELECT t.id, t.debit_account_id, t.credit_account_id, t.amount, t.ledger, t.code, t.flags, t.pending_id,
            p.amount AS pending_amount
       FROM ledger_transfers t LEFT JOIN ledger_transfers p ON p.id = t.pending_id
      WHERE t.debit_account_id = ANY($1::uuid[]) OR t.credit_account_id = ANY($1::uuid[])`,
    [ids],
  );
  const show = (t: ModelTransfer | undefined) =>
    t ? `${run.showTransfer(t)} L${t.ledger} c${t.code}` : 'absent';
  const modelTransfers = new Map(run.model.transfers().map((t) => [t.id, t]));
  const problems: string[] = [];
  const replay = new Map(ids.map((id) => [id, [0n, 0n, 0n, 0n]]));
  for (const r of rows) {
    const stored: ModelTransfer = {
      id: r.id,
      debitAccountId: r.debit_account_id,
      creditAccountId: r.credit_account_id,
      amount: r.amount,
      ledger: r.ledger,
      code: r.code,
      flags: r.flags,
      pendingId: r.pending_id,
      timeoutSeconds: 0,
      expiresAtMs: null,
      userData: '',
    };
    const m = modelTransfers.get(r.id);
    if (show(m) !== show(stored)) problems.push(`transfer db=${show(stored)} model=${show(m)}`);
    modelTransfers.delete(r.id);
    const held: bigint = r.pending_amount ?? 0n;
    const f = r.flags as number;
    const [dPend, dPost] =
      f & TF.pending
        ? [r.amount, 0n]
        : f & TF.postPending
          ? [-held, r.amount]
          : f & (TF.voidPending | TF.expired)
            ? [-held, 0n]
            : [0n, r.amount];
    const d = replay.get(r.debit_account_id)!;
    const c = replay.get(r.credit_account_id)!;
    d[0]! += dPend;
    d[1]! += dPost;
    c[2]! += dPend;
    c[3]! += dPost;
  }
  for (const t of modelTransfers.values()) problems.push(`transfer missing in db: ${show(t)}`);
  const acc = await pool.query(
    'SELECT id, debits_pending, debits_posted, credits_pending, credits_posted FROM ledger_accounts WHERE id = ANY($1::uuid[])',
    [ids],
  );
  for (const a of acc.rows) {
    const stored = [a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted];
    const rep = replay.get(a.id)!;
    if (stored.some((v, i) => v !== rep[i])) {
      problems.push(`${run.label(a.id)} stored [${stored.join(', ')}] ≠ replayed [${rep.join(', ')}]`);
    }
  }
  if (problems.length > 0)
    throw new Error(`stored transfers do not match the model:\n  ${problems.join('\n  ')}`);
}
