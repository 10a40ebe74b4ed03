import type { Executor } from '../../platform/sql.ts';

export type PosStatus = 'processing' | 'awaiting_customer' | 'completed' | 'declined';

export type PosPaymentRow = {
  id: string;
  merchantId: string;
  merchantName: string;
  reference: string;
  terminalId: string | null;
  method: 'pay_code' | 'nfc';
  customerId: string;
  walletId: string;
  amount: bigint;
  payCodeId: string | null;
  nfcKeyId: string | null;
  nfcCounter: number | null;
  status: PosStatus;
  expiresAt: Date;
  createdAt: Date;
  decidedAt: Date | null;
};

const SELECT = `SELECT p.*, m.business_name FROM pos_payments p JOIN merchants m ON m.id = p.merchant_id`;

const toRow = (r: Record<string, unknown>): PosPaymentRow => ({
  id: r.id as string,
  merchantId: r.merchant_id as string,
  merchantName: r.business_name as string,
  reference: r.reference as string,
  terminalId: (r.terminal_id as string | null) ?? null,
  method: r.method as PosPaymentRow['method'],
  customerId: r.customer_id as string,
  walletId: r.wallet_id as string,
  amount: BigInt(r.amount as string),
  payCodeId: (r.pay_code_id as string | null) ?? null,
  nfcKeyId: (r.nfc_key_id as string | null) ?? null,
  nfcCounter: r.nfc_counter === null ? null : Number(r.nfc_counter),
  status: r.status as PosStatus,
  expiresAt: r.expires_at as Date,
  createdAt: r.created_at as Date,
  decidedAt: (r.decided_at as Date | null) ?? null,
});

export type NewPosPayment = Omit<PosPaymentRow, 'merchantName' | 'createdAt' | 'decidedAt'>;

/**
 * Claims the code (or tap) and the merchant's reference: null with the constraint that refused it
 * when another payment holds one of them.
 */
export async function insertPayment(
  db: Executor,
  p: NewPosPayment,
): Promise<{ ok: true } | { ok: false; taken: 'reference' | 'instrument' }> {
  try {
    await db.query(
      `INSERT INTO pos_payments (id, merchant_id, reference, terminal_id, method, customer_id, wallet_id, amount,
                                 pay_code_id, nfc_key_id, nfc_counter, status, expires_at, claimed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
               CASE WHEN $12 = 'processing' THEN now() END)`,
      [
        p.id,
        p.merchantId,
        p.reference,
        p.terminalId,
        p.method,
        p.customerId,
        p.walletId,
        p.amount.toString(),
        p.payCodeId,
        p.nfcKeyId,
        p.nfcCounter,
        p.status,
        p.expiresAt,
      ],
    );
    return { ok: true };
  } catch (e) {
    const pgErr = e as { code?: string; constraint?: string };
    if (pgErr.code !== '23505') throw e;
    return {
      ok: false,
      taken: pgErr.constraint === 'pos_payments_merchant_id_reference_key' ? 'reference' : 'instrument',
    };
  }
}

export async function paymentById(db: Executor, id: string): Promise<PosPaymentRow | null> {
  const { rows } = await db.query(`${SELECT} WHERE p.id = $1`, [id]);
  return rows[0] ? toRow(rows[0]) : null;
}

export async function paymentByReference(
  db: Executor,
  merchantId: string,
  reference: string,
): Promise<PosPaymentRow | null> {
  const { rows } = await db.query(`${SELECT} WHERE p.merchant_id = $1 AND p.reference = $2`, [
    merchantId,
    reference,
  ]);
  return rows[0] ? toRow(rows[0]) : null;
}

export async function awaitingOf(db: Executor, customerId: string, now: Date): Promise<PosPaymentRow[]> {
  const { rows } = await db.query(
    `${SELECT} WHERE p.customer_id = $1 AND p.status = 'awaiting_customer' AND p.expires_at > $2
      ORDER BY p.created_at DESC LIMIT 20`,
    [customerId, now],
  );
  return rows.map(toRow);
}

/** A conditional status change (parallel confirmations: one wins); false when it did not apply. */
export async function moveStatus(
  db: Executor,
  id: string,
  from: PosStatus,
  to: PosStatus,
  opts: { customerId?: string; notExpiredAt?: Date } = {},
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE pos_payments SET status = $3, decided_at = CASE WHEN $3 IN ('completed', 'declined') THEN now() END,
            claimed_at = CASE WHEN $3 = 'processing' THEN now() ELSE claimed_at END
      WHERE id = $1 AND status = $2 AND ($4::uuid IS NULL OR customer_id = $4)
        AND ($5::timestamptz IS NULL OR expires_at > $5)`,
    [id, from, to, opts.customerId ?? null, opts.notExpiredAt ?? null],
  );
  return rowCount === 1;
}

/** A first submission the ledger refused: the code (or tap) and the reference are free again. */
export async function releaseClaim(db: Executor, id: string) {
  await db.query(`DELETE FROM pos_payments WHERE id = $1 AND status = 'processing'`, [id]);
}

/**
 * Declines claims whose posting never came: `processing` for longer than `timeoutSeconds` with no
 * ledger transfer (the payment's id is its transfer's). Nothing moved, so nothing is undone; a
 * posting that arrives after this finds the payment no longer claimed and rolls back (markCompleted).
 * The row lock orders this against a posting in flight: whichever commits first wins.
 */
export async function declineStranded(db: Executor, timeoutSeconds: number): Promise<string[]> {
  const { rows } = await db.query(
    `UPDATE pos_payments p SET status = 'declined', decided_at = now()
      WHERE p.status = 'processing' AND p.claimed_at < now() - make_interval(secs => $1)
        AND NOT EXISTS (SELECT 1 FROM ledger_transfers t WHERE t.id = p.id)
      RETURNING p.id`,
    [timeoutSeconds],
  );
  return rows.map((r) => r.id as string);
}

/** In the posting transaction (the commit hook): the payments the batch paid. */
export async function markCompleted(db: Executor, ids: string[]) {
  if (ids.length === 0) return;
  const { rowCount } = await db.query(
    `UPDATE pos_payments SET status = 'completed', decided_at = now()
      WHERE id = ANY($1::uuid[]) AND status = 'processing'`,
    [ids],
  );
  if (rowCount !== ids.length) throw new Error('a POS payment was posted without being claimed');
}
