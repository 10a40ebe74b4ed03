import type pg from 'pg';
import { TransferFlags as TF } from './types.ts';

/** One account whose stored balance differs from the balance its transfers give. */
export type BalanceBreak = {
  accountId: string;
  ledger: number;
  column: 'debits_posted' | 'credits_posted' | 'debits_pending' | 'credits_pending';
  stored: bigint;
  recomputed: bigint;
};

export type Reconciliation = {
  accounts: number;
  transfers: number;
  breaks: BalanceBreak[];
  /** Ledgers whose debits and credits (posted or pending) do not balance. */
  imbalances: Array<{ ledger: number; posted: bigint; pending: bigint }>;
};

// Posted: ordinary transfers and posts of pending ones; a pending transfer counts as pending until
// a post, void or expiry resolves it (that row then carries what, if anything, was posted).
const NOT_POSTED = TF.pending | TF.voidPending | TF.expired;

/**
 * Recomputes every account's four balance columns from the immutable transfers and compares them
 * with the stored ones, which only the statement trigger writes (ADR 0001): a difference is a break
 * — a bug, or someone writing around the trigger. Read-only, in one repeatable-read snapshot so that
 * concurrent postings cannot show as breaks.
 */
export async function reconcileLedger(pool: pg.Pool): Promise<Reconciliation> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows } = await client.query(
      `WITH legs AS (
         SELECT debit_account_id AS account_id, amount AS dp, 0::numeric AS cp, 0::numeric AS dn, 0::numeric AS cn
           FROM ledger_transfers WHERE flags & $1 = 0
         UNION ALL
         SELECT credit_account_id, 0, amount, 0, 0 FROM ledger_transfers WHERE flags & $1 = 0
         UNION ALL
         SELECT t.debit_account_id, 0, 0, t.amount, 0 FROM ledger_transfers t
          WHERE t.flags & $2 <> 0 AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = t.id)
         UNION ALL
         SELECT t.credit_account_id, 0, 0, 0, t.amount FROM ledger_transfers t
          WHERE t.flags & $2 <> 0 AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = t.id)
       ), sums AS (
         SELECT account_id, sum(dp) AS dp, sum(cp) AS cp, sum(dn) AS dn, sum(cn) AS cn FROM legs GROUP BY account_id
       )
       SELECT coalesce(a.id, s.account_id) AS id, a.ledger,
              a.debits_posted::text AS sdp, coalesce(s.dp, 0)::text AS rdp,
              a.credits_posted::text AS scp, coalesce(s.cp, 0)::text AS rcp,
              a.debits_pending::text AS sdn, coalesce(s.dn, 0)::text AS rdn,
              a.credits_pending::text AS scn, coalesce(s.cn, 0)::text AS rcn
         FROM ledger_accounts a FULL JOIN sums s ON s.account_id = a.id`,
      [NOT_POSTED, TF.pending],
    );
    const breaks: BalanceBreak[] = [];
    const columns = [
      ['debits_posted', 'sdp', 'rdp'],
      ['credits_posted', 'scp', 'rcp'],
      ['debits_pending', 'sdn', 'rdn'],
      ['credits_pending', 'scn', 'rcn'],
    ] as const;
    for (const r of rows) {
      for (const [column, s, c] of columns) {
        // A transfer on an account that does not exist shows as a stored zero (no row).
        const stored = BigInt(r[s] ?? 0);
        const recomputed = BigInt(r[c]);
        if (stored !== recomputed)
          breaks.push({ accountId: r.id, ledger: r.ledger, column, stored, recomputed });
      }
    }
    const totals = await client.query(
      `SELECT ledger, posted_imbalance::text AS p, pending_imbalance::text AS q FROM ledger_totals
        WHERE posted_imbalance <> 0 OR pending_imbalance <> 0 ORDER BY ledger`,
    );
    const counts = await client.query(
      'SELECT (SELECT count(*) FROM ledger_accounts)::int AS a, (SELECT count(*) FROM ledger_transfers)::int AS t',
    );
    await client.query('COMMIT');
    return {
      accounts: counts.rows[0].a,
      transfers: counts.rows[0].t,
      breaks,
      imbalances: totals.rows.map((r) => ({ ledger: r.ledger, posted: BigInt(r.p), pending: BigInt(r.q) })),
    };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
