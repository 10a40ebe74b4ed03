import type { Executor } from '../../platform/sql.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type QrCodeRow = {
  id: string;
  merchantId: string;
  kind: 'static' | 'dynamic';
  amount: bigint | null;
  currency: string;
  reference: string | null;
  status: 'active' | 'paid' | 'expired' | 'disabled';
  expiresAt: Date | null;
  paidTransferId: string | null;
  createdAt: Date;
};

const toCode = (r: Record<string, unknown>): QrCodeRow => ({
  id: r.id as string,
  merchantId: r.merchant_id as string,
  kind: r.kind as QrCodeRow['kind'],
  amount: r.amount === null ? null : BigInt(r.amount as string),
  currency: (r.currency as string).trim(),
  reference: (r.reference as string | null) ?? null,
  status: r.status as QrCodeRow['status'],
  expiresAt: (r.expires_at as Date | null) ?? null,
  paidTransferId: (r.paid_transfer_id as string | null) ?? null,
  createdAt: r.created_at as Date,
});

export async function insertCode(
  db: Executor,
  c: Pick<QrCodeRow, 'id' | 'merchantId' | 'kind' | 'amount' | 'reference' | 'expiresAt'> & {
    createdBy: string;
  },
): Promise<QrCodeRow> {
  const { rows } = await db.query(
    `INSERT INTO merchant_qr_codes (id, merchant_id, kind, amount, reference, expires_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [c.id, c.merchantId, c.kind, c.amount?.toString() ?? null, c.reference, c.expiresAt, c.createdBy],
  );
  return toCode(rows[0]);
}

export async function codeById(db: Executor, id: string): Promise<QrCodeRow | null> {
  const { rows } = await db.query('SELECT * FROM merchant_qr_codes WHERE id = $1', [id]);
  return rows[0] ? toCode(rows[0]) : null;
}

/** Several codes by id (well-formed uuids only), in one query. */
export async function codesByIds(db: Executor, ids: string[]): Promise<Map<string, QrCodeRow>> {
  const { rows } = await db.query('SELECT * FROM merchant_qr_codes WHERE id = ANY($1::uuid[])', [
    ids.filter((id) => UUID.test(id)),
  ]);
  return new Map(rows.map((r) => [r.id as string, toCode(r)]));
}

export async function codesOf(db: Executor, merchantId: string, limit = 200): Promise<QrCodeRow[]> {
  const { rows } = await db.query(
    'SELECT * FROM merchant_qr_codes WHERE merchant_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2',
    [merchantId, limit],
  );
  return rows.map(toCode);
}

/** active → disabled; a paid code stays paid (null then). */
export async function disableCode(db: Executor, merchantId: string, id: string): Promise<QrCodeRow | null> {
  const { rows } = await db.query(
    `UPDATE merchant_qr_codes SET status = 'disabled', disabled_at = now()
      WHERE id = $1 AND merchant_id = $2 AND status IN ('active', 'disabled', 'expired') RETURNING *`,
    [id, merchantId],
  );
  return rows[0] ? toCode(rows[0]) : null;
}

/**
 * In the posting transaction (the commit hook): the dynamic codes the batch paid. Each transfer id
 * is derived from its code's id, so the ledger never accepts two payments of one code; a code
 * disabled or expired while the payment was checked is still marked paid (the money moved).
 */
export async function markPaid(db: Executor, paid: Array<{ codeId: string; transferId: string }>) {
  if (paid.length === 0) return;
  const { rowCount } = await db.query(
    `UPDATE merchant_qr_codes c SET status = 'paid', paid_transfer_id = p.transfer_id, paid_at = now(),
            disabled_at = NULL
       FROM unnest($1::uuid[], $2::uuid[]) AS p(code_id, transfer_id)
      WHERE c.id = p.code_id AND c.kind = 'dynamic' AND c.status <> 'paid'`,
    [paid.map((p) => p.codeId), paid.map((p) => p.transferId)],
  );
  if (rowCount !== paid.length) throw new Error('a dynamic QR code was paid twice');
}

/** The merchant as a payee: active status, name, category, its CNY account and its owners. */
export type PayeeMerchant = {
  id: string;
  businessName: string;
  mcc: string;
  status: string;
  accountId: string | null;
  owners: string[];
};

export async function payeeMerchant(db: Executor, merchantId: string): Promise<PayeeMerchant | null> {
  return (await payeeMerchants(db, [merchantId])).get(merchantId.toLowerCase()) ?? null;
}

/** Who is paid, with the CNY account and the owners to notify, for several merchants in one query. */
export async function payeeMerchants(
  db: Executor,
  merchantIds: string[],
): Promise<Map<string, PayeeMerchant>> {
  const { rows } = await db.query(
    `SELECT m.id, m.business_name, m.mcc, m.status, a.account_id,
            ARRAY(SELECT u.customer_id FROM merchant_users u
                   WHERE u.merchant_id = m.id AND u.role = 'owner' AND u.removed_at IS NULL) AS owners
       FROM merchants m LEFT JOIN merchant_accounts a ON a.merchant_id = m.id AND a.currency = 'CNY'
      WHERE m.id = ANY($1::uuid[])`,
    [merchantIds.filter((id) => UUID.test(id))],
  );
  return new Map(
    rows.map((r) => [
      r.id as string,
      {
        id: r.id as string,
        businessName: r.business_name as string,
        mcc: r.mcc as string,
        status: r.status as string,
        accountId: (r.account_id as string | null) ?? null,
        owners: r.owners as string[],
      },
    ]),
  );
}
