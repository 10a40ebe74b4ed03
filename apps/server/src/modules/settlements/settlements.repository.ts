import type pg from 'pg';
import type { Executor } from '../../platform/sql.ts';
import { TransferCode } from '../../platform/system-accounts.ts';

/** A merchant that settles: active, with its CNY account. */
export type SettlingMerchant = {
  id: string;
  businessName: string;
  accountId: string;
  /** NULL in the table: the bank's default MDR (config). */
  mdrBps: number | null;
  bankName: string;
  bankLast4: string;
  owners: string[];
  /** The business day after the last settled one; null when none was settled yet. */
  lastSettled: string | null;
  /** When money first moved on its account; null when it never did. */
  firstActivity: Date | null;
};

export type SettlementRow = {
  id: string;
  merchantId: string;
  businessDate: string;
  currency: string;
  gross: bigint;
  refunds: bigint;
  mdrBps: number;
  fee: bigint;
  net: bigint;
  status: 'paid' | 'nothing_to_settle';
  feeTransferId: string | null;
  payoutTransferId: string | null;
  bankName: string;
  bankLast4: string;
  cutoffAt: Date;
  createdAt: Date;
};

const SETTLEMENT_CODES = [TransferCode.settlementPayout, TransferCode.mdrFee];
// Money that moved: not a pending hold, nor the void or expiry of one.
const MOVED = '(t.flags & 26) = 0';

const MERCHANT_COLUMNS = `
  m.id, m.business_name, a.account_id, m.mdr_bps, m.settlement_bank_name, m.settlement_last4,
  ARRAY(SELECT u.customer_id FROM merchant_users u
         WHERE u.merchant_id = m.id AND u.role = 'owner' AND u.removed_at IS NULL) AS owners,
  (SELECT to_char(max(s.business_date), 'YYYY-MM-DD') FROM merchant_settlements s WHERE s.merchant_id = m.id) AS last_settled,
  -- Its first movement is a credit (the account never goes below zero): the first by seq, on the index.
  (SELECT t.created_at FROM ledger_transfers t
    WHERE t.credit_account_id = a.account_id ORDER BY t.seq LIMIT 1) AS first_activity`;

function toMerchant(r: Record<string, unknown>): SettlingMerchant {
  return {
    id: r.id as string,
    businessName: r.business_name as string,
    accountId: r.account_id as string,
    mdrBps: (r.mdr_bps as number | null) ?? null,
    bankName: r.settlement_bank_name as string,
    bankLast4: r.settlement_last4 as string,
    owners: r.owners as string[],
    lastSettled: (r.last_settled as string | null) ?? null,
    firstActivity: (r.first_activity as Date | null) ?? null,
  };
}

export async function settlingMerchants(db: Executor): Promise<SettlingMerchant[]> {
  const { rows } = await db.query(
    `SELECT ${MERCHANT_COLUMNS}
       FROM merchants m JOIN merchant_accounts a ON a.merchant_id = m.id AND a.currency = 'CNY'
      WHERE m.status = 'active' ORDER BY m.id`,
  );
  return rows.map(toMerchant);
}

/**
 * The figures of a business day [from, cutoff) on a merchant account: gross (credits), refunds
 * (debits other than settlements), `unsettled` (all money received before the cut-off less all that
 * left it before the cut-off and every settlement so far, whenever booked) and the balance now.
 */
export async function dayFigures(db: Executor, accountId: string, from: Date, cutoff: Date) {
  const { rows } = await db.query(
    `SELECT
       coalesce(sum(t.amount) FILTER (WHERE t.credit_account_id = $1 AND t.created_at >= $2 AND t.created_at < $3), 0) AS gross,
       coalesce(sum(t.amount) FILTER (WHERE t.debit_account_id = $1 AND t.created_at >= $2 AND t.created_at < $3
                                        AND t.code <> ALL($4::int[])), 0) AS refunds,
       coalesce(sum(CASE WHEN t.credit_account_id = $1 THEN t.amount ELSE -t.amount END)
                  FILTER (WHERE t.created_at < $3 OR t.code = ANY($4::int[])), 0) AS unsettled,
       (SELECT credits_posted - debits_posted - debits_pending FROM ledger_accounts WHERE id = $1) AS available
     FROM ledger_transfers t
     WHERE (t.credit_account_id = $1 OR t.debit_account_id = $1) AND ${MOVED}`,
    [accountId, from, cutoff, SETTLEMENT_CODES],
  );
  const r = rows[0]!;
  return {
    gross: BigInt(r.gross),
    refunds: BigInt(r.refunds),
    unsettled: BigInt(r.unsettled),
    available: BigInt(r.available ?? 0),
  };
}

export async function settlementExists(db: Executor, merchantId: string, date: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'SELECT 1 FROM merchant_settlements WHERE merchant_id = $1 AND business_date = $2',
    [merchantId, date],
  );
  return (rowCount ?? 0) > 0;
}

const INSERT = `INSERT INTO merchant_settlements
  (id, merchant_id, business_date, currency, gross, refunds, mdr_bps, fee, net, status,
   fee_transfer_id, payout_transfer_id, bank_name, bank_last4, cutoff_at, created_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`;

const params = (s: SettlementRow) => [
  s.id,
  s.merchantId,
  s.businessDate,
  s.currency,
  s.gross,
  s.refunds,
  s.mdrBps,
  s.fee,
  s.net,
  s.status,
  s.feeTransferId,
  s.payoutTransferId,
  s.bankName,
  s.bankLast4,
  s.cutoffAt,
  s.createdAt,
];

/** In the posting transaction (commit hook): a second row for the day fails it, money and all. */
export async function insertSettlement(tx: pg.ClientBase, s: SettlementRow): Promise<void> {
  await tx.query(INSERT, params(s));
}

/** A day with nothing to pay out (no money moves): another run's row for the day wins. */
export async function insertEmptySettlement(db: Executor, s: SettlementRow): Promise<boolean> {
  const { rowCount } = await db.query(
    `${INSERT} ON CONFLICT (merchant_id, business_date) DO NOTHING`,
    params(s),
  );
  return (rowCount ?? 0) > 0;
}

/** Newest first; `before`: a business date (the cursor) to list the days before it. */
export async function listSettlements(
  db: Executor,
  merchantId: string,
  opts: { before?: string; limit: number },
): Promise<SettlementRow[]> {
  const { rows } = await db.query(
    `SELECT id, merchant_id, to_char(business_date, 'YYYY-MM-DD') AS business_date, currency, gross, refunds,
            mdr_bps, fee, net, status, fee_transfer_id, payout_transfer_id, bank_name, bank_last4,
            cutoff_at, created_at
       FROM merchant_settlements
      WHERE merchant_id = $1 AND ($2::date IS NULL OR business_date < $2::date)
      ORDER BY business_date DESC LIMIT $3`,
    [merchantId, opts.before ?? null, opts.limit],
  );
  return rows.map((r) => ({
    id: r.id,
    merchantId: r.merchant_id,
    businessDate: r.business_date,
    currency: r.currency,
    gross: BigInt(r.gross),
    refunds: BigInt(r.refunds),
    mdrBps: r.mdr_bps,
    fee: BigInt(r.fee),
    net: BigInt(r.net),
    status: r.status,
    feeTransferId: r.fee_transfer_id,
    payoutTransferId: r.payout_transfer_id,
    bankName: r.bank_name,
    bankLast4: r.bank_last4,
    cutoffAt: r.cutoff_at,
    createdAt: r.created_at,
  }));
}
