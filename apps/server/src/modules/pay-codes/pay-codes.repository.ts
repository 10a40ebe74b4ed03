import type { Executor } from '../../platform/sql.ts';

export type PayCodeRow = {
  id: string;
  customerId: string;
  walletId: string;
  deviceId: string;
  status: 'active' | 'superseded';
  expiresAt: Date;
  /** The issuing device was removed, or the issuing session signed out or revoked, since. */
  deviceRevoked: boolean;
  sessionRevoked: boolean;
  deviceTrusted: boolean;
  smsSignIn: boolean;
};

/** A new code for a device: its earlier active codes are superseded in the same transaction. */
export async function insertPayCode(
  tx: Executor,
  c: {
    id: string;
    hash: Buffer;
    customerId: string;
    walletId: string;
    deviceId: string;
    sessionId: string;
    createdAt: Date;
    expiresAt: Date;
  },
) {
  await tx.query(`UPDATE pay_codes SET status = 'superseded' WHERE device_id = $1 AND status = 'active'`, [
    c.deviceId,
  ]);
  await tx.query(
    `INSERT INTO pay_codes (id, code_hash, customer_id, wallet_id, device_id, session_id, expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [c.id, c.hash, c.customerId, c.walletId, c.deviceId, c.sessionId, c.expiresAt, c.createdAt],
  );
}

export async function payCodeByHash(db: Executor, hash: Buffer): Promise<PayCodeRow | null> {
  const { rows } = await db.query(
    `SELECT c.id, c.customer_id, c.wallet_id, c.device_id, c.status, c.expires_at,
            d.revoked_at IS NOT NULL AS device_revoked,
            d.trusted_at IS NOT NULL AND d.revoked_at IS NULL AS device_trusted,
            s.revoked_at IS NOT NULL AS session_revoked, s.auth_method = 'sms' AS sms_sign_in
       FROM pay_codes c JOIN devices d ON d.id = c.device_id JOIN sessions s ON s.id = c.session_id
      WHERE c.code_hash = $1`,
    [hash],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    customerId: r.customer_id,
    walletId: r.wallet_id,
    deviceId: r.device_id,
    status: r.status,
    expiresAt: r.expires_at,
    deviceRevoked: r.device_revoked,
    sessionRevoked: r.session_revoked,
    deviceTrusted: r.device_trusted,
    smsSignIn: r.sms_sign_in,
  };
}
