import type { Executor } from '../../platform/sql.ts';

export type CardRow = {
  id: string;
  customerId: string;
  token: string;
  panCiphertext: Buffer;
  panKeyId: string;
  last4: string;
  brand: string;
  bankName: string;
  expiry: string;
  /** Encrypted like the PAN (the service's `holderNameOf` decrypts it). */
  holderNameCiphertext: Buffer;
  holderNameKeyId: string;
  status: 'active' | 'removed';
  createdAt: Date;
};

export type OperationKind = 'topup' | 'withdrawal';
export type OperationStatus = 'pending' | 'succeeded' | 'declined' | 'timed_out';

export type OperationRow = {
  id: string;
  customerId: string;
  walletId: string;
  cardId: string;
  kind: OperationKind;
  amount: bigint;
  currency: string;
  status: OperationStatus;
  declineReason: string | null;
  pendingTransferId: string;
  networkRef: string | null;
  networkReversed: boolean;
  createdAt: Date;
  updatedAt: Date;
  card: { last4: string; brand: string; bankName: string };
};

export type NewOperation = {
  id: string;
  customerId: string;
  walletId: string;
  cardId: string;
  kind: OperationKind;
  amount: bigint;
  currency: string;
  pendingTransferId: string;
};

const CARD_COLUMNS = `id, customer_id, token, pan_ciphertext, pan_key_id, last4, brand, bank_name, expiry,
  holder_name_ciphertext, holder_name_key_id, status, created_at`;

const toCard = (r: Record<string, unknown>): CardRow => ({
  id: r.id as string,
  customerId: r.customer_id as string,
  token: r.token as string,
  panCiphertext: r.pan_ciphertext as Buffer,
  panKeyId: r.pan_key_id as string,
  last4: r.last4 as string,
  brand: r.brand as string,
  bankName: r.bank_name as string,
  expiry: r.expiry as string,
  holderNameCiphertext: r.holder_name_ciphertext as Buffer,
  holderNameKeyId: r.holder_name_key_id as string,
  status: r.status as CardRow['status'],
  createdAt: r.created_at as Date,
});

/** Returns false when the customer already has this card active (the partial unique index). */
export async function insertCard(
  db: Executor,
  c: Omit<CardRow, 'status' | 'createdAt' | 'customerId'> & { customerId: string; panFingerprint: Buffer },
): Promise<CardRow | null> {
  const { rows } = await db.query(
    `INSERT INTO cards (id, customer_id, token, pan_ciphertext, pan_key_id, pan_fingerprint, last4, brand,
        bank_name, expiry, holder_name_ciphertext, holder_name_key_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (customer_id, pan_fingerprint) WHERE status = 'active' DO NOTHING
     RETURNING ${CARD_COLUMNS}`,
    [
      c.id,
      c.customerId,
      c.token,
      c.panCiphertext,
      c.panKeyId,
      c.panFingerprint,
      c.last4,
      c.brand,
      c.bankName,
      c.expiry,
      c.holderNameCiphertext,
      c.holderNameKeyId,
    ],
  );
  return rows[0] ? toCard(rows[0]) : null;
}

export async function activeCardWithFingerprint(db: Executor, customerId: string, fp: Buffer) {
  const { rows } = await db.query(
    `SELECT 1 FROM cards WHERE customer_id = $1 AND pan_fingerprint = $2 AND status = 'active'`,
    [customerId, fp],
  );
  return rows.length > 0;
}

export async function cardById(db: Executor, id: string): Promise<CardRow | null> {
  const { rows } = await db.query(`SELECT ${CARD_COLUMNS} FROM cards WHERE id = $1`, [id]);
  return rows[0] ? toCard(rows[0]) : null;
}

export async function activeCardsOf(db: Executor, customerId: string): Promise<CardRow[]> {
  const { rows } = await db.query(
    `SELECT ${CARD_COLUMNS} FROM cards WHERE customer_id = $1 AND status = 'active' ORDER BY created_at DESC, id`,
    [customerId],
  );
  return rows.map(toCard);
}

/**
 * Removes an active card unless one of its operations is pending, in one statement.
 * Returns the card, or why not: 'pending' (an operation is in flight) or 'not_active'.
 */
export async function removeCard(
  db: Executor,
  customerId: string,
  cardId: string,
): Promise<CardRow | 'pending' | 'not_active'> {
  const { rows } = await db.query(
    `UPDATE cards SET status = 'removed', removed_at = now()
      WHERE id = $1 AND customer_id = $2 AND status = 'active'
        AND NOT EXISTS (SELECT 1 FROM card_operations o WHERE o.card_id = $1 AND o.status = 'pending')
      RETURNING ${CARD_COLUMNS}`,
    [cardId, customerId],
  );
  if (rows[0]) return toCard(rows[0]);
  const pending = await db.query(
    `SELECT 1 FROM card_operations WHERE card_id = $1 AND status = 'pending' LIMIT 1`,
    [cardId],
  );
  return pending.rows.length > 0 ? 'pending' : 'not_active';
}

const OP_SELECT = `SELECT o.id, o.customer_id, o.wallet_id, o.card_id, o.kind, o.amount, o.currency, o.status,
    o.decline_reason, o.pending_transfer_id, o.network_ref, o.network_reversed, o.created_at,
    o.updated_at, c.last4, c.brand, c.bank_name
  FROM card_operations o JOIN cards c ON c.id = o.card_id`;

const toOperation = (r: Record<string, unknown>): OperationRow => ({
  id: r.id as string,
  customerId: r.customer_id as string,
  walletId: r.wallet_id as string,
  cardId: r.card_id as string,
  kind: r.kind as OperationKind,
  amount: BigInt(r.amount as bigint),
  currency: (r.currency as string).trim(),
  status: r.status as OperationStatus,
  declineReason: (r.decline_reason as string | null) ?? null,
  pendingTransferId: r.pending_transfer_id as string,
  networkRef: (r.network_ref as string | null) ?? null,
  networkReversed: r.network_reversed as boolean,
  createdAt: r.created_at as Date,
  updatedAt: r.updated_at as Date,
  card: { last4: r.last4 as string, brand: r.brand as string, bankName: r.bank_name as string },
});

export async function operationById(db: Executor, id: string): Promise<OperationRow | null> {
  const { rows } = await db.query(`${OP_SELECT} WHERE o.id = $1`, [id]);
  return rows[0] ? toOperation(rows[0]) : null;
}

/** Set-based: the operation rows of a ledger batch, in the batch's transaction. */
export async function insertOperations(db: Executor, ops: NewOperation[]): Promise<void> {
  if (ops.length === 0) return;
  await db.query(
    `INSERT INTO card_operations (id, customer_id, wallet_id, card_id, kind, amount, currency, status,
        pending_transfer_id)
     SELECT u.id, u.customer_id, u.wallet_id, u.card_id, u.kind, u.amount, u.currency, 'pending',
            u.pending_transfer_id
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::bigint[], $7::text[],
                   $8::uuid[])
         AS u(id, customer_id, wallet_id, card_id, kind, amount, currency, pending_transfer_id)`,
    [
      ops.map((o) => o.id),
      ops.map((o) => o.customerId),
      ops.map((o) => o.walletId),
      ops.map((o) => o.cardId),
      ops.map((o) => o.kind),
      ops.map((o) => o.amount.toString()),
      ops.map((o) => o.currency),
      ops.map((o) => o.pendingTransferId),
    ],
  );
}

export type Resolution = {
  operationId: string;
  status: 'succeeded' | 'declined';
  declineReason: string | null;
  networkRef: string | null;
};

/** Set-based: final status of operations whose hold was posted or voided in this transaction. */
export async function resolveOperations(db: Executor, rs: Resolution[]): Promise<void> {
  if (rs.length === 0) return;
  await db.query(
    `UPDATE card_operations o
        SET status = u.status, decline_reason = u.reason, network_ref = coalesce(u.ref, o.network_ref),
            updated_at = now()
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS u(id, status, reason, ref)
      WHERE o.id = u.id AND o.status = 'pending'`,
    [
      rs.map((r) => r.operationId),
      rs.map((r) => r.status),
      rs.map((r) => r.declineReason),
      rs.map((r) => r.networkRef),
    ],
  );
}

/** Set-based: the holds of these pending transfers expired. Returns the operations that were pending. */
export async function timeOutOperations(db: Executor, pendingTransferIds: string[]) {
  if (pendingTransferIds.length === 0) return [];
  const { rows } = await db.query(
    `UPDATE card_operations o SET status = 'timed_out', updated_at = now()
       FROM cards c
      WHERE o.pending_transfer_id = ANY($1::uuid[]) AND o.status = 'pending' AND c.id = o.card_id
      RETURNING o.id, o.customer_id, o.kind, o.amount, o.currency, o.card_id, c.last4, c.bank_name`,
    [pendingTransferIds],
  );
  return rows.map((r) => ({
    id: r.id as string,
    customerId: r.customer_id as string,
    kind: r.kind as OperationKind,
    amount: BigInt(r.amount),
    currency: (r.currency as string).trim(),
    cardId: r.card_id as string,
    last4: r.last4 as string,
    bankName: r.bank_name as string,
  }));
}

export async function setNetworkRef(db: Executor, operationId: string, networkRef: string) {
  await db.query(
    `UPDATE card_operations SET network_ref = coalesce(network_ref, $2), updated_at = now() WHERE id = $1`,
    [operationId, networkRef],
  );
}

/**
 * Operations whose outcome the network may know but never told us (its callback lost, e.g. while
 * the API was down): pending for longer than `pendingSeconds`, or timed out and not yet checked.
 */
export async function operationsToCheck(db: Executor, pendingSeconds: number, limit: number) {
  const { rows } = await db.query(
    `SELECT id FROM card_operations
      WHERE status = 'pending' AND created_at < now() - make_interval(secs => $1)
         OR status = 'timed_out' AND network_checked_at IS NULL AND NOT network_reversed
      ORDER BY updated_at LIMIT $2`,
    [pendingSeconds, limit],
  );
  return rows.map((r) => r.id as string);
}

export async function markNetworkChecked(db: Executor, operationId: string) {
  await db.query('UPDATE card_operations SET network_checked_at = now() WHERE id = $1', [operationId]);
}

export async function markNetworkReversed(db: Executor, operationId: string) {
  await db.query(
    `UPDATE card_operations SET network_reversed = true, updated_at = now() WHERE id = $1 AND NOT network_reversed`,
    [operationId],
  );
}
