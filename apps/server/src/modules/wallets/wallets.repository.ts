import type { Executor } from '../../platform/sql.ts';

export type WalletRow = {
  id: string;
  customerId: string;
  tier: number;
  status: 'active' | 'frozen' | 'closed';
  /** Who froze it: a freeze by the bank cannot be lifted by the customer. */
  frozenBy: 'customer' | 'bank' | null;
  createdAt: Date;
};
export type WalletAccountRow = { walletId: string; currency: string; accountId: string };

const toWallet = (r: Record<string, unknown>): WalletRow => ({
  id: r.id as string,
  customerId: r.customer_id as string,
  tier: Number(r.tier),
  status: r.status as WalletRow['status'],
  frozenBy: (r.frozen_by ?? null) as WalletRow['frozenBy'],
  createdAt: r.created_at as Date,
});

export async function insertWallet(db: Executor, w: { id: string; customerId: string; tier: number }) {
  await db.query('INSERT INTO wallets (id, customer_id, tier) VALUES ($1, $2, $3)', [
    w.id,
    w.customerId,
    w.tier,
  ]);
}

export async function insertWalletAccount(db: Executor, a: WalletAccountRow) {
  await db.query('INSERT INTO wallet_accounts (wallet_id, currency, account_id) VALUES ($1, $2, $3)', [
    a.walletId,
    a.currency,
    a.accountId,
  ]);
}

export async function walletOfCustomer(db: Executor, customerId: string): Promise<WalletRow | null> {
  const { rows } = await db.query(
    'SELECT id, customer_id, tier, status, frozen_by, created_at FROM wallets WHERE customer_id = $1',
    [customerId],
  );
  return rows[0] ? toWallet(rows[0]) : null;
}

export async function walletById(db: Executor, id: string): Promise<WalletRow | null> {
  const { rows } = await db.query(
    'SELECT id, customer_id, tier, status, frozen_by, created_at FROM wallets WHERE id = $1',
    [id],
  );
  return rows[0] ? toWallet(rows[0]) : null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Only well-formed ids reach a set-based query: one malformed id must not fail its neighbours. */
const uuidsOnly = (ids: string[]) => ids.filter((id) => UUID.test(id));

/** The wallets of several customers, by customer id, in one query. */
export async function walletsOfCustomers(
  db: Executor,
  customerIds: string[],
): Promise<Map<string, WalletRow>> {
  const { rows } = await db.query(
    'SELECT id, customer_id, tier, status, frozen_by, created_at FROM wallets WHERE customer_id = ANY($1::uuid[])',
    [uuidsOnly(customerIds)],
  );
  return new Map(rows.map((r) => [r.customer_id as string, toWallet(r)]));
}

/** Several wallets by id (lower-case), in one query. */
export async function walletsByIds(db: Executor, ids: string[]): Promise<Map<string, WalletRow>> {
  const { rows } = await db.query(
    'SELECT id, customer_id, tier, status, frozen_by, created_at FROM wallets WHERE id = ANY($1::uuid[])',
    [uuidsOnly(ids)],
  );
  return new Map(rows.map((r) => [r.id as string, toWallet(r)]));
}

/** Ledger accounts of (wallet, currency) pairs, keyed `walletId:currency`, in one query. */
export async function accountsOfWallets(
  db: Executor,
  pairs: Array<{ walletId: string; currency: string }>,
): Promise<Map<string, string>> {
  const valid = pairs.filter((p) => UUID.test(p.walletId));
  const { rows } = await db.query(
    `SELECT a.wallet_id, a.currency, a.account_id FROM unnest($1::uuid[], $2::text[]) AS p(wallet_id, currency)
       CROSS JOIN LATERAL (SELECT * FROM wallet_accounts w WHERE w.wallet_id = p.wallet_id AND w.currency = p.currency) a`,
    [valid.map((p) => p.walletId), valid.map((p) => p.currency)],
  );
  return new Map(rows.map((r) => [`${r.wallet_id}:${r.currency}`, r.account_id as string]));
}

export async function walletAccounts(db: Executor, walletId: string): Promise<WalletAccountRow[]> {
  const { rows } = await db.query(
    'SELECT currency, account_id FROM wallet_accounts WHERE wallet_id = $1 ORDER BY currency',
    [walletId],
  );
  return rows.map((r) => ({ walletId, currency: r.currency, accountId: r.account_id }));
}

/** Moves a wallet between active and frozen; returns the previous status (null if no change). */
/**
 * Freezes or lifts a freeze; true when something changed. The bank's freeze overrides the
 * customer's, and only the bank lifts its own.
 */
export async function setWalletStatus(
  db: Executor,
  walletId: string,
  to: 'active' | 'frozen',
  by: 'customer' | 'bank',
) {
  const { rowCount } =
    to === 'frozen'
      ? await db.query(
          `UPDATE wallets SET status = 'frozen', frozen_by = $2
            WHERE id = $1 AND (status = 'active' OR ($2 = 'bank' AND frozen_by IS DISTINCT FROM 'bank'))`,
          [walletId, by],
        )
      : await db.query(
          `UPDATE wallets SET status = 'active', frozen_by = NULL
            WHERE id = $1 AND status = 'frozen' AND ($2 = 'bank' OR frozen_by IS DISTINCT FROM 'bank')`,
          [walletId, by],
        );
  return rowCount === 1;
}

export async function setWalletTier(db: Executor, walletId: string, tier: number) {
  await db.query('UPDATE wallets SET tier = $2 WHERE id = $1', [walletId, tier]);
}

export type HistoryFilter = {
  accountId: string;
  limit: number;
  beforeSeq?: bigint;
  direction?: 'in' | 'out';
  codes?: number[];
  from?: Date;
  to?: Date;
  minAmount?: bigint;
  maxAmount?: bigint;
  q?: string;
};

/**
 * Transfers touching the account, newest first, keyset-paginated on seq. Post/void rows are not
 * listed on their own: they show as the status of their pending transfer.
 */
export async function history(db: Executor, f: HistoryFilter) {
  const where = ['(t.flags & 28) = 0'];
  const args: unknown[] = [f.accountId];
  const arg = (v: unknown) => {
    args.push(v);
    return `$${args.length}`;
  };
  if (f.direction === 'out') where.push('t.debit_account_id = $1');
  else if (f.direction === 'in') where.push('t.credit_account_id = $1');
  else where.push('(t.debit_account_id = $1 OR t.credit_account_id = $1)');
  if (f.beforeSeq !== undefined) where.push(`t.seq < ${arg(f.beforeSeq.toString())}`);
  if (f.codes?.length) where.push(`t.code = ANY(${arg(f.codes)}::int[])`);
  if (f.from) where.push(`t.created_at >= ${arg(f.from)}`);
  if (f.to) where.push(`t.created_at < ${arg(f.to)}`);
  if (f.minAmount !== undefined) where.push(`t.amount >= ${arg(f.minAmount.toString())}`);
  if (f.maxAmount !== undefined) where.push(`t.amount <= ${arg(f.maxAmount.toString())}`);
  if (f.q)
    where.push(
      `(t.user_data->>'note' ILIKE ${arg(`%${f.q.replace(/[\\%_]/g, '\\$&')}%`)} OR t.user_data->>'counterpartyName' ILIKE $${args.length})`,
    );
  const { rows } = await db.query(
    `SELECT t.id, t.seq, t.debit_account_id, t.credit_account_id, t.amount, t.ledger, t.code, t.flags, t.user_data,
            t.created_at, r.flags AS res_flags, r.amount AS res_amount
       FROM ledger_transfers t LEFT JOIN ledger_transfers r ON r.pending_id = t.id
      WHERE ${where.join(' AND ')}
      ORDER BY t.seq DESC LIMIT ${arg(f.limit + 1)}`,
    args,
  );
  return rows;
}

/** One transfer of the account (as a history row), or null when it does not touch the account. */
export async function transactionOf(db: Executor, accountId: string, id: string) {
  const { rows } = await db.query(
    `SELECT t.id, t.seq, t.debit_account_id, t.credit_account_id, t.amount, t.ledger, t.code, t.flags, t.user_data,
            t.created_at, r.flags AS res_flags, r.amount AS res_amount
       FROM ledger_transfers t LEFT JOIN ledger_transfers r ON r.pending_id = t.id
      WHERE t.id = $2 AND (t.flags & 28) = 0 AND (t.debit_account_id = $1 OR t.credit_account_id = $1)`,
    [accountId, id],
  );
  return rows[0] ?? null;
}

/**
 * A month's settled money of the account, from the same rows the history lists: single-phase
 * transfers, and two-phase ones that were posted (at the posted amount); pending, held, voided and
 * expired ones move no money and are left out. Grouped by the local day (`timeZone`), direction and
 * transfer code; sums are exact integers of minor units (returned as strings).
 */
export async function monthTotals(db: Executor, accountId: string, from: Date, to: Date, timeZone: string) {
  const { rows } = await db.query(
    `SELECT to_char(t.created_at AT TIME ZONE $4, 'YYYY-MM-DD') AS day,
            (t.debit_account_id = $1) AS out,
            t.code,
            sum(CASE WHEN (t.flags & 2) <> 0 THEN r.amount ELSE t.amount END)::text AS total,
            count(*)::int AS n
       FROM ledger_transfers t LEFT JOIN ledger_transfers r ON r.pending_id = t.id
      WHERE (t.flags & 28) = 0
        AND (t.debit_account_id = $1 OR t.credit_account_id = $1)
        AND t.created_at >= $2 AND t.created_at < $3
        AND ((t.flags & 2) = 0 OR (r.flags & 4) <> 0)
      GROUP BY 1, 2, 3`,
    [accountId, from, to, timeZone],
  );
  return rows as { day: string; out: boolean; code: number; total: string; n: number }[];
}
