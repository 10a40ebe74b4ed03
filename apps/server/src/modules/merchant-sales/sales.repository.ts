import type { Executor } from '../../platform/sql.ts';
import { TransferCode } from '../../platform/system-accounts.ts';

/** Money a customer paid the merchant: QR code, POS (payment code or tap), online order. */
export const SALE_CODES = [TransferCode.qrPayment, TransferCode.posPayment, TransferCode.orderPayment];
// Money that moved: not a pending hold, nor the void or expiry of one.
const MOVED = '(t.flags & 26) = 0';

/** The merchant's ledger account in a currency; null before it was approved. */
export async function merchantAccount(db: Executor, merchantId: string, currency = 'CNY') {
  const { rows } = await db.query(
    'SELECT account_id FROM merchant_accounts WHERE merchant_id = $1 AND currency = $2',
    [merchantId, currency],
  );
  return (rows[0]?.account_id as string | undefined) ?? null;
}

export type DayRow = { date: string; count: number; gross: bigint; refunds: bigint };

/**
 * Sales (credits with a sale code) and refunds (debits with the refund code) in [from, cutoff),
 * grouped by Asia/Shanghai calendar day; settlements and anything else are left out. Days without
 * movement are not returned.
 */
export async function salesByDay(
  db: Executor,
  accountId: string,
  from: Date,
  cutoff: Date,
): Promise<DayRow[]> {
  const { rows } = await db.query(
    `SELECT to_char(t.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day,
            count(*) FILTER (WHERE t.credit_account_id = $1) AS count,
            coalesce(sum(t.amount) FILTER (WHERE t.credit_account_id = $1), 0) AS gross,
            coalesce(sum(t.amount) FILTER (WHERE t.debit_account_id = $1), 0) AS refunds
       FROM ledger_transfers t
      WHERE ((t.credit_account_id = $1 AND t.code = ANY($4::int[]))
          OR (t.debit_account_id = $1 AND t.code = $5))
        AND t.created_at >= $2 AND t.created_at < $3 AND ${MOVED}
      GROUP BY 1 ORDER BY 1`,
    [accountId, from, cutoff, SALE_CODES, TransferCode.refund],
  );
  return rows.map((r) => ({
    date: r.day,
    count: Number(r.count),
    gross: BigInt(r.gross),
    refunds: BigInt(r.refunds),
  }));
}

export type PaymentRow = {
  seq: string;
  id: string;
  code: number;
  amount: bigint;
  currency: string;
  userData: Record<string, unknown>;
  createdAt: Date;
};

/** Incoming payments, newest first; `beforeSeq`: the previous page's last ledger sequence number. */
export async function incomingPayments(
  db: Executor,
  accountId: string,
  opts: { beforeSeq?: string; limit: number },
): Promise<PaymentRow[]> {
  const { rows } = await db.query(
    `SELECT t.seq::text AS seq, t.id, t.code, t.amount, l.currency, t.user_data, t.created_at
       FROM ledger_transfers t JOIN ledger_ledgers l ON l.ledger = t.ledger
      WHERE t.credit_account_id = $1 AND t.code = ANY($2::int[]) AND ${MOVED}
        AND ($3::bigint IS NULL OR t.seq < $3::bigint)
      ORDER BY t.seq DESC LIMIT $4`,
    [accountId, SALE_CODES, opts.beforeSeq ?? null, opts.limit],
  );
  return rows.map((r) => ({
    seq: r.seq,
    id: r.id,
    code: r.code,
    amount: BigInt(r.amount),
    currency: r.currency,
    userData: r.user_data ?? {},
    createdAt: r.created_at,
  }));
}
