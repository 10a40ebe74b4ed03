import type { Executor } from '../../platform/sql.ts';
import type { NfcAlgorithm } from './nfc-tap.ts';

export type NfcKeyRow = {
  id: string;
  customerId: string;
  deviceId: string;
  algorithm: NfcAlgorithm;
  publicKey: Buffer;
  lastCounter: bigint;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

const toKey = (r: Record<string, unknown>): NfcKeyRow => ({
  id: r.id as string,
  customerId: r.customer_id as string,
  deviceId: r.device_id as string,
  algorithm: r.algorithm as NfcAlgorithm,
  publicKey: r.public_key as Buffer,
  lastCounter: BigInt(r.last_counter as string),
  createdAt: r.created_at as Date,
  lastUsedAt: (r.last_used_at as Date | null) ?? null,
  revokedAt: (r.revoked_at as Date | null) ?? null,
});

/**
 * The device's active key is replaced: at most one per device (a unique partial index). The
 * device's row is locked first, so registrations from the same device at once take turns (the
 * second revokes the first's key) instead of both inserting (a unique violation: a 503).
 */
export async function replaceDeviceKey(
  tx: Executor,
  k: Pick<NfcKeyRow, 'id' | 'customerId' | 'deviceId' | 'algorithm' | 'publicKey'>,
): Promise<NfcKeyRow> {
  await tx.query('SELECT 1 FROM devices WHERE id = $1 FOR UPDATE', [k.deviceId]);
  await tx.query('UPDATE nfc_keys SET revoked_at = now() WHERE device_id = $1 AND revoked_at IS NULL', [
    k.deviceId,
  ]);
  const { rows } = await tx.query(
    `INSERT INTO nfc_keys (id, customer_id, device_id, algorithm, public_key) VALUES ($1, $2, $3, $4, $5)
     RETURNING *`,
    [k.id, k.customerId, k.deviceId, k.algorithm, k.publicKey],
  );
  return toKey(rows[0]);
}

export async function activeKeysOf(db: Executor, customerId: string): Promise<NfcKeyRow[]> {
  const { rows } = await db.query(
    'SELECT * FROM nfc_keys WHERE customer_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC, id DESC',
    [customerId],
  );
  return rows.map(toKey);
}

export async function revokeKey(db: Executor, customerId: string, keyId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE nfc_keys SET revoked_at = now() WHERE id = $1 AND customer_id = $2 AND revoked_at IS NULL',
    [keyId, customerId],
  );
  return rowCount === 1;
}

/** An active key whose device is not removed, with the device's trust. */
export async function usableKey(
  db: Executor,
  keyId: string,
): Promise<(NfcKeyRow & { deviceTrusted: boolean }) | null> {
  const { rows } = await db.query(
    `SELECT k.*, d.trusted_at IS NOT NULL AS device_trusted FROM nfc_keys k JOIN devices d ON d.id = k.device_id
      WHERE k.id = $1 AND k.revoked_at IS NULL AND d.revoked_at IS NULL`,
    [keyId],
  );
  return rows[0] ? { ...toKey(rows[0]), deviceTrusted: rows[0].device_trusted as boolean } : null;
}

/** Accepts a counter once: only when it is above the last accepted (parallel replays: one wins). */
export async function raiseCounter(db: Executor, keyId: string, counter: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE nfc_keys SET last_counter = $2, last_used_at = now()
      WHERE id = $1 AND revoked_at IS NULL AND last_counter < $2`,
    [keyId, counter],
  );
  return rowCount === 1;
}
