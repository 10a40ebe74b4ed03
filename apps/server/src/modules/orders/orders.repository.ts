import type { Executor } from '../../platform/sql.ts';

export type OrderRow = {
  id: string;
  merchantId: string;
  reference: string;
  amount: bigint;
  currency: string;
  description: string | null;
  returnUrl: string | null;
  expiresInSeconds: number;
  status: 'open' | 'paid' | 'cancelled';
  expiresAt: Date;
  paymentTransferId: string | null;
  payerCustomerId: string | null;
  paidAt: Date | null;
  refunded: bigint;
  createdAt: Date;
};

export type RefundRow = {
  id: string;
  orderId: string;
  merchantId: string;
  reference: string;
  amount: bigint;
  reason: string | null;
  actor: string;
  createdAt: Date;
};

const toOrder = (r: Record<string, unknown>): OrderRow => ({
  id: r.id as string,
  merchantId: r.merchant_id as string,
  reference: r.reference as string,
  amount: BigInt(r.amount as string),
  currency: (r.currency as string).trim(),
  description: (r.description as string | null) ?? null,
  returnUrl: (r.return_url as string | null) ?? null,
  expiresInSeconds: r.expires_in_seconds as number,
  status: r.status as OrderRow['status'],
  expiresAt: r.expires_at as Date,
  paymentTransferId: (r.payment_transfer_id as string | null) ?? null,
  payerCustomerId: (r.payer_customer_id as string | null) ?? null,
  paidAt: (r.paid_at as Date | null) ?? null,
  refunded: BigInt(r.refunded as string),
  createdAt: r.created_at as Date,
});

const toRefund = (r: Record<string, unknown>): RefundRow => ({
  id: r.id as string,
  orderId: r.order_id as string,
  merchantId: r.merchant_id as string,
  reference: r.reference as string,
  amount: BigInt(r.amount as string),
  reason: (r.reason as string | null) ?? null,
  actor: r.actor as string,
  createdAt: r.created_at as Date,
});

/** The new order, or null when the merchant already has one with this reference. */
export async function insertOrder(
  db: Executor,
  o: Pick<
    OrderRow,
    | 'id'
    | 'merchantId'
    | 'reference'
    | 'amount'
    | 'description'
    | 'returnUrl'
    | 'expiresInSeconds'
    | 'expiresAt'
  >,
): Promise<OrderRow | null> {
  const { rows } = await db.query(
    `INSERT INTO merchant_orders (id, merchant_id, reference, amount, description, return_url, expires_in_seconds, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (merchant_id, reference) DO NOTHING RETURNING *`,
    [
      o.id,
      o.merchantId,
      o.reference,
      o.amount.toString(),
      o.description,
      o.returnUrl,
      o.expiresInSeconds,
      o.expiresAt,
    ],
  );
  return rows[0] ? toOrder(rows[0]) : null;
}

export async function orderByReference(db: Executor, merchantId: string, reference: string) {
  const { rows } = await db.query('SELECT * FROM merchant_orders WHERE merchant_id = $1 AND reference = $2', [
    merchantId,
    reference,
  ]);
  return rows[0] ? toOrder(rows[0]) : null;
}

export async function orderById(db: Executor, id: string): Promise<OrderRow | null> {
  const { rows } = await db.query('SELECT * FROM merchant_orders WHERE id = $1', [id]);
  return rows[0] ? toOrder(rows[0]) : null;
}

/** A merchant's orders, newest first, after the `cursor` order; `status` as read (expired = open past expiry). */
export async function ordersOf(
  db: Executor,
  merchantId: string,
  q: { status?: 'open' | 'paid' | 'expired' | 'cancelled'; limit: number; cursor?: string; now: Date },
): Promise<OrderRow[]> {
  const args: unknown[] = [merchantId];
  const param = (v: unknown) => {
    args.push(v);
    return `$${args.length}`;
  };
  const where = ['o.merchant_id = $1'];
  if (q.status === 'open') where.push(`o.status = 'open' AND o.expires_at > ${param(q.now)}`);
  else if (q.status === 'expired') where.push(`o.status = 'open' AND o.expires_at <= ${param(q.now)}`);
  else if (q.status) where.push(`o.status = ${param(q.status)}`);
  if (q.cursor)
    where.push(
      `(o.created_at, o.id) < (SELECT c.created_at, c.id FROM merchant_orders c
                                WHERE c.id = ${param(q.cursor)} AND c.merchant_id = $1)`,
    );
  const { rows } = await db.query(
    `SELECT o.* FROM merchant_orders o WHERE ${where.join(' AND ')}
      ORDER BY o.created_at DESC, o.id DESC LIMIT ${param(q.limit)}`,
    args,
  );
  return rows.map(toOrder);
}

/** open → cancelled (null when the order is not open, or no longer open when read as of `now`). */
export async function cancelOrder(db: Executor, merchantId: string, id: string, now: Date) {
  const { rows } = await db.query(
    `UPDATE merchant_orders SET status = 'cancelled', cancelled_at = now()
      WHERE id = $1 AND merchant_id = $2 AND status = 'open' AND expires_at > $3 RETURNING *`,
    [id, merchantId, now],
  );
  return rows[0] ? toOrder(rows[0]) : null;
}

/**
 * In the posting transaction (the commit hook): the orders the batch paid. Each payment's transfer
 * id is derived from its order's id, so the ledger never accepts two; an order cancelled or expired
 * while the payment was checked is still marked paid (the money moved).
 */
export async function markPaid(
  db: Executor,
  paid: Array<{ orderId: string; transferId: string; payerCustomerId: string; paidAt: string }>,
) {
  if (paid.length === 0) return;
  const { rowCount } = await db.query(
    `UPDATE merchant_orders o SET status = 'paid', payment_transfer_id = p.transfer_id,
            payer_customer_id = p.payer, paid_at = p.paid_at, cancelled_at = NULL
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[]) AS p(order_id, transfer_id, payer, paid_at)
      WHERE o.id = p.order_id AND o.status <> 'paid'`,
    [
      paid.map((p) => p.orderId),
      paid.map((p) => p.transferId),
      paid.map((p) => p.payerCustomerId),
      paid.map((p) => p.paidAt),
    ],
  );
  if (rowCount !== paid.length) throw new Error('an order was paid twice');
}

/** In the posting transaction: the refund's row, and the order's running total (CHECKed ≤ its amount). */
export async function recordRefunds(db: Executor, refunds: Array<Omit<RefundRow, 'createdAt'>>) {
  for (const r of refunds) {
    await db.query(
      `INSERT INTO merchant_refunds (id, order_id, merchant_id, reference, amount, reason, actor)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [r.id, r.orderId, r.merchantId, r.reference, r.amount.toString(), r.reason, r.actor],
    );
    await db.query('UPDATE merchant_orders SET refunded = refunded + $2 WHERE id = $1', [
      r.orderId,
      r.amount.toString(),
    ]);
  }
}

export async function refundById(db: Executor, id: string): Promise<RefundRow | null> {
  const { rows } = await db.query('SELECT * FROM merchant_refunds WHERE id = $1', [id]);
  return rows[0] ? toRefund(rows[0]) : null;
}

export async function refundsOf(db: Executor, orderId: string): Promise<RefundRow[]> {
  const { rows } = await db.query(
    'SELECT * FROM merchant_refunds WHERE order_id = $1 ORDER BY created_at DESC, id DESC LIMIT 500',
    [orderId],
  );
  return rows.map(toRefund);
}
