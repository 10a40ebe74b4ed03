import type pg from 'pg';
import type { Executor } from '../../platform/sql.ts';

/**
 * When strong customer authentication is needed beyond the amount threshold (S5): a first payment
 * to a payee needs it, unless the low-value exemption applies — a payment of at most `exemptSingle`
 * while, since the customer's last SCA, exempted payments stay within `exemptCumulative` and
 * `exemptCount` (the PSD2 RTS article 16 pattern). A confirmed payment makes its payee known and
 * restarts the counter.
 */
export type ScaRules = {
  newPayee: boolean;
  exemptSingle: bigint;
  exemptCumulative: bigint;
  exemptCount: number;
};

/** Which of these (customer, payee) pairs are known, in one query. */
export async function knownPayees(db: Executor, pairs: Array<{ customerId: string; payee: string }>) {
  const { rows } = await db.query(
    `SELECT k.customer_id, k.payee FROM unnest($1::uuid[], $2::text[]) AS p(customer_id, payee)
       CROSS JOIN LATERAL (SELECT * FROM sca_known_payees s WHERE s.customer_id = p.customer_id AND s.payee = p.payee) k`,
    [pairs.map((p) => p.customerId), pairs.map((p) => p.payee)],
  );
  return rows.map((r) => ({ customerId: r.customer_id as string, payee: r.payee as string }));
}

/**
 * Takes `amount` from the exemption allowance if it fits (one atomic statement, so parallel
 * payments cannot together overshoot it); false = SCA is needed.
 */
export async function tryExempt(pool: pg.Pool, rules: ScaRules, customerId: string, amount: bigint) {
  if (amount > rules.exemptSingle || amount > rules.exemptCumulative || rules.exemptCount < 1) return false;
  const { rowCount } = await pool.query(
    `INSERT INTO sca_exemption_usage AS u (customer_id, payments, amount) VALUES ($1, 1, $2)
     ON CONFLICT (customer_id) DO UPDATE SET payments = u.payments + 1, amount = u.amount + $2
       WHERE u.payments + 1 <= $3 AND u.amount + $2 <= $4
     RETURNING 1`,
    [customerId, amount, rules.exemptCount, rules.exemptCumulative],
  );
  return rowCount === 1;
}

/** After a payment confirmed with SCA (in the confirmation's transaction). */
export async function recordStrongAuth(tx: Executor, customerId: string, payee: string) {
  await tx.query('INSERT INTO sca_known_payees (customer_id, payee) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
    customerId,
    payee,
  ]);
  await tx.query(
    'UPDATE sca_exemption_usage SET payments = 0, amount = 0, since = now() WHERE customer_id = $1',
    [customerId],
  );
}
