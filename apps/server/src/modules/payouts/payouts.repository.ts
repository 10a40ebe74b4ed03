import type { Executor } from '../../platform/sql.ts';

export type PayoutRecipient = {
  walletId: string;
  customerId: string;
  /** The wallet's CNY ledger account. */
  accountId: string;
  /** Only active wallets of active customers receive payouts. */
  canReceive: boolean;
};

/** Every recipient wallet of a batch, with its CNY account and owner, in one query. */
export async function recipients(db: Executor, walletIds: string[]): Promise<Map<string, PayoutRecipient>> {
  const { rows } = await db.query(
    `SELECT w.id AS wallet_id, w.customer_id, a.account_id,
            (w.status = 'active' AND c.status = 'active') AS can_receive
       FROM wallets w
       JOIN wallet_accounts a ON a.wallet_id = w.id AND a.currency = 'CNY'
       JOIN customers c ON c.id = w.customer_id
      WHERE w.id = ANY($1::uuid[])`,
    [walletIds],
  );
  return new Map(
    rows.map((r) => [
      r.wallet_id as string,
      {
        walletId: r.wallet_id as string,
        customerId: r.customer_id as string,
        accountId: r.account_id as string,
        canReceive: r.can_receive as boolean,
      },
    ]),
  );
}

/** The paying merchant's name and CNY ledger account (null when it has none). */
export async function payingMerchant(
  db: Executor,
  merchantId: string,
): Promise<{ name: string; accountId: string } | null> {
  const { rows } = await db.query(
    `SELECT m.business_name, a.account_id
       FROM merchants m JOIN merchant_accounts a ON a.merchant_id = m.id AND a.currency = 'CNY'
      WHERE m.id = $1`,
    [merchantId],
  );
  const r = rows[0];
  return r ? { name: r.business_name as string, accountId: r.account_id as string } : null;
}
