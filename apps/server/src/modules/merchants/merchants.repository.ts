import type { Executor } from '../../platform/sql.ts';
import type { ApiKeyScope } from './api-key.ts';
import type { Mcc } from './mcc.ts';
import type { MerchantRole, MerchantStatus } from './merchants.schema.ts';

export type MerchantRow = {
  id: string;
  ownerId: string;
  businessName: string;
  mcc: Mcc;
  status: MerchantStatus;
  settlementKind: 'card' | 'bank_account';
  settlementCardId: string | null;
  settlementBankName: string;
  settlementLast4: string;
  settlementAccountCiphertext: Buffer | null;
  settlementAccountKeyId: string | null;
  contactPhoneCiphertext: Buffer;
  contactEmailCiphertext: Buffer;
  contactKeyId: string;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  rejectReason: string | null;
  createdAt: Date;
};

const toMerchant = (r: Record<string, unknown>): MerchantRow => ({
  id: r.id as string,
  ownerId: r.owner_id as string,
  businessName: r.business_name as string,
  mcc: r.mcc as Mcc,
  status: r.status as MerchantStatus,
  settlementKind: r.settlement_kind as MerchantRow['settlementKind'],
  settlementCardId: (r.settlement_card_id as string | null) ?? null,
  settlementBankName: r.settlement_bank_name as string,
  settlementLast4: r.settlement_last4 as string,
  settlementAccountCiphertext: (r.settlement_account_ciphertext as Buffer | null) ?? null,
  settlementAccountKeyId: (r.settlement_account_key_id as string | null) ?? null,
  contactPhoneCiphertext: r.contact_phone_ciphertext as Buffer,
  contactEmailCiphertext: r.contact_email_ciphertext as Buffer,
  contactKeyId: r.contact_key_id as string,
  reviewedBy: (r.reviewed_by as string | null) ?? null,
  reviewedAt: (r.reviewed_at as Date | null) ?? null,
  rejectReason: (r.reject_reason as string | null) ?? null,
  createdAt: r.created_at as Date,
});

export type NewMerchant = Omit<
  MerchantRow,
  'status' | 'reviewedBy' | 'reviewedAt' | 'rejectReason' | 'createdAt'
>;

export async function insertMerchant(db: Executor, m: NewMerchant): Promise<MerchantRow> {
  const { rows } = await db.query(
    `INSERT INTO merchants (id, owner_id, business_name, mcc, settlement_kind, settlement_card_id,
        settlement_bank_name, settlement_last4, settlement_account_ciphertext, settlement_account_key_id,
        contact_phone_ciphertext, contact_email_ciphertext, contact_key_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *`,
    [
      m.id,
      m.ownerId,
      m.businessName,
      m.mcc,
      m.settlementKind,
      m.settlementCardId,
      m.settlementBankName,
      m.settlementLast4,
      m.settlementAccountCiphertext,
      m.settlementAccountKeyId,
      m.contactPhoneCiphertext,
      m.contactEmailCiphertext,
      m.contactKeyId,
    ],
  );
  return toMerchant(rows[0]);
}

export async function merchantById(db: Executor, id: string, lock = false): Promise<MerchantRow | null> {
  const { rows } = await db.query(`SELECT * FROM merchants WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ? toMerchant(rows[0]) : null;
}

/** The merchants a customer works for (owner or cashier), with their role, newest first. */
export async function merchantsOfCustomer(db: Executor, customerId: string) {
  const { rows } = await db.query(
    `SELECT m.*, u.role AS member_role FROM merchant_users u JOIN merchants m ON m.id = u.merchant_id
      WHERE u.customer_id = $1 AND u.removed_at IS NULL ORDER BY m.created_at DESC, m.id`,
    [customerId],
  );
  return rows.map((r) => ({ merchant: toMerchant(r), role: r.member_role as MerchantRole }));
}

export async function merchantsByStatus(
  db: Executor,
  status: MerchantStatus,
  limit: number,
  after?: string,
): Promise<MerchantRow[]> {
  const { rows } = await db.query(
    `SELECT * FROM merchants WHERE status = $1 AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3`,
    [status, after ?? null, limit],
  );
  return rows.map(toMerchant);
}

export async function decideMerchant(
  db: Executor,
  id: string,
  to: 'active' | 'rejected',
  staffId: string,
  reason: string | null,
): Promise<MerchantRow> {
  const { rows } = await db.query(
    `UPDATE merchants SET status = $2, reviewed_by = $3, reviewed_at = now(), reject_reason = $4,
        updated_at = now() WHERE id = $1 AND status = 'pending_review' RETURNING *`,
    [id, to, staffId, reason],
  );
  return toMerchant(rows[0]);
}

export async function insertMerchantAccount(
  db: Executor,
  a: { merchantId: string; currency: string; accountId: string },
) {
  await db.query('INSERT INTO merchant_accounts (merchant_id, currency, account_id) VALUES ($1, $2, $3)', [
    a.merchantId,
    a.currency,
    a.accountId,
  ]);
}

export async function merchantAccounts(db: Executor, merchantId: string) {
  const { rows } = await db.query(
    'SELECT currency, account_id FROM merchant_accounts WHERE merchant_id = $1 ORDER BY currency',
    [merchantId],
  );
  return rows.map((r) => ({ currency: (r.currency as string).trim(), accountId: r.account_id as string }));
}

// --- users --------------------------------------------------------------------------------------

export type MerchantUserRow = {
  id: string;
  merchantId: string;
  customerId: string;
  role: MerchantRole;
  createdAt: Date;
};

const toUser = (r: Record<string, unknown>): MerchantUserRow => ({
  id: r.id as string,
  merchantId: r.merchant_id as string,
  customerId: r.customer_id as string,
  role: r.role as MerchantRole,
  createdAt: r.created_at as Date,
});

/** Null when the customer already works for the merchant (the partial unique index). */
export async function insertUser(
  db: Executor,
  u: { id: string; merchantId: string; customerId: string; role: MerchantRole; addedBy: string | null },
): Promise<MerchantUserRow | null> {
  const { rows } = await db.query(
    `INSERT INTO merchant_users (id, merchant_id, customer_id, role, added_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (merchant_id, customer_id) WHERE removed_at IS NULL DO NOTHING RETURNING *`,
    [u.id, u.merchantId, u.customerId, u.role, u.addedBy],
  );
  return rows[0] ? toUser(rows[0]) : null;
}

/** The customer's live membership of the merchant, or null. */
export async function membership(db: Executor, merchantId: string, customerId: string) {
  const { rows } = await db.query(
    'SELECT * FROM merchant_users WHERE merchant_id = $1 AND customer_id = $2 AND removed_at IS NULL',
    [merchantId, customerId],
  );
  return rows[0] ? toUser(rows[0]) : null;
}

export async function liveUsers(db: Executor, merchantId: string, lock = false): Promise<MerchantUserRow[]> {
  const { rows } = await db.query(
    `SELECT * FROM merchant_users WHERE merchant_id = $1 AND removed_at IS NULL ORDER BY created_at, id${lock ? ' FOR UPDATE' : ''}`,
    [merchantId],
  );
  return rows.map(toUser);
}

export async function removeUser(db: Executor, userId: string) {
  await db.query('UPDATE merchant_users SET removed_at = now() WHERE id = $1 AND removed_at IS NULL', [
    userId,
  ]);
}

// --- API keys -----------------------------------------------------------------------------------

export type ApiKeyRow = {
  id: string;
  merchantId: string;
  prefix: string;
  secretHash: Buffer;
  name: string;
  scopes: ApiKeyScope[];
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  replacedBy: string | null;
};

const toKey = (r: Record<string, unknown>): ApiKeyRow => ({
  id: r.id as string,
  merchantId: r.merchant_id as string,
  prefix: r.prefix as string,
  secretHash: r.secret_hash as Buffer,
  name: r.name as string,
  scopes: r.scopes as ApiKeyScope[],
  createdAt: r.created_at as Date,
  lastUsedAt: (r.last_used_at as Date | null) ?? null,
  expiresAt: (r.expires_at as Date | null) ?? null,
  revokedAt: (r.revoked_at as Date | null) ?? null,
  replacedBy: (r.replaced_by as string | null) ?? null,
});

export async function insertApiKey(
  db: Executor,
  k: {
    id: string;
    merchantId: string;
    prefix: string;
    secretHash: Buffer;
    name: string;
    scopes: ApiKeyScope[];
    createdBy: string;
  },
): Promise<ApiKeyRow> {
  const { rows } = await db.query(
    `INSERT INTO merchant_api_keys (id, merchant_id, prefix, secret_hash, name, scopes, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [k.id, k.merchantId, k.prefix, k.secretHash, k.name, k.scopes, k.createdBy],
  );
  return toKey(rows[0]);
}

export async function apiKeysOf(db: Executor, merchantId: string): Promise<ApiKeyRow[]> {
  const { rows } = await db.query(
    'SELECT * FROM merchant_api_keys WHERE merchant_id = $1 ORDER BY created_at DESC, id DESC',
    [merchantId],
  );
  return rows.map(toKey);
}

export async function apiKeyById(db: Executor, id: string, lock = false): Promise<ApiKeyRow | null> {
  const { rows } = await db.query(
    `SELECT * FROM merchant_api_keys WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ? toKey(rows[0]) : null;
}

/** A key by its public prefix, with its merchant's status (for authentication). */
export async function apiKeyByPrefix(db: Executor, prefix: string) {
  const { rows } = await db.query(
    `SELECT k.*, m.status AS merchant_status FROM merchant_api_keys k JOIN merchants m ON m.id = k.merchant_id
      WHERE k.prefix = $1`,
    [prefix],
  );
  return rows[0] ? { key: toKey(rows[0]), merchantStatus: rows[0].merchant_status as MerchantStatus } : null;
}

export async function revokeApiKey(db: Executor, id: string) {
  await db.query('UPDATE merchant_api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [
    id,
  ]);
}

export async function retireApiKey(db: Executor, id: string, replacedBy: string, expiresAt: Date | null) {
  await db.query(
    `UPDATE merchant_api_keys SET replaced_by = $2,
        expires_at = CASE WHEN $3::timestamptz IS NULL THEN expires_at ELSE least(coalesce(expires_at, $3), $3) END,
        revoked_at = CASE WHEN $3::timestamptz IS NULL THEN now() ELSE revoked_at END
      WHERE id = $1`,
    [id, replacedBy, expiresAt],
  );
}

/** At most one write a minute per key: "last used" is for people, not an access log. */
export async function touchApiKey(db: Executor, id: string) {
  await db.query(
    `UPDATE merchant_api_keys SET last_used_at = now()
      WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
    [id],
  );
}
