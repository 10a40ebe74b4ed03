import { uuidv7 } from '@yinbao/ledger';
import type { Executor } from '../../platform/sql.ts';
import type { ClientDevice } from './device.ts';

/** A device as the customer sees it (never its hash). */
export type DeviceRow = {
  id: string;
  name: string | null;
  trusted: boolean;
  firstSeenAt: Date;
  lastSeenAt: Date;
};

/** The device a sign-in came from, and whether it is new to this customer (unknown or revoked). */
export type SignInDevice = { id: string; trusted: boolean; isNew: boolean };

/**
 * Records the device of a sign-in, in the caller's transaction. A known, live device is seen again
 * (its trust unchanged); an unknown one is added — trusted only when `trustNew` (sign-up); a revoked
 * one comes back as new and untrusted. Without a client id every sign-in is a new device.
 */
export async function recordSignInDevice(
  tx: Executor,
  customerId: string,
  device: ClientDevice,
  trustNew: boolean,
): Promise<SignInDevice> {
  const id = uuidv7();
  const inserted = await tx.query(
    `INSERT INTO devices (id, customer_id, device_hash, name, trusted_at)
     VALUES ($1, $2, $3, $4, CASE WHEN $5::boolean THEN now() END)
     ON CONFLICT (customer_id, device_hash) DO NOTHING RETURNING id`,
    [id, customerId, device.hash, device.name, trustNew],
  );
  if (inserted.rowCount === 1) return { id, trusted: trustNew, isNew: true };
  const { rows } = await tx.query(
    `SELECT id, trusted_at IS NOT NULL AS trusted, revoked_at IS NOT NULL AS revoked FROM devices
      WHERE customer_id = $1 AND device_hash = $2 FOR UPDATE`,
    [customerId, device.hash],
  );
  const d = rows[0] as { id: string; trusted: boolean; revoked: boolean };
  await tx.query(
    `UPDATE devices SET last_seen_at = now(), name = coalesce($2, name),
        revoked_at = NULL, trusted_at = CASE WHEN revoked_at IS NULL THEN trusted_at END
      WHERE id = $1`,
    [d.id, device.name],
  );
  return d.revoked
    ? { id: d.id, trusted: false, isNew: true }
    : { id: d.id, trusted: d.trusted, isNew: false };
}

export async function liveDevices(db: Executor, customerId: string): Promise<DeviceRow[]> {
  const { rows } = await db.query(
    `SELECT id, name, trusted_at IS NOT NULL AS trusted, first_seen_at, last_seen_at FROM devices
      WHERE customer_id = $1 AND revoked_at IS NULL ORDER BY last_seen_at DESC, id DESC`,
    [customerId],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    trusted: r.trusted,
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
  }));
}

export async function liveDevice(db: Executor, customerId: string, deviceId: string) {
  const { rows } = await db.query(
    `SELECT id, name, trusted_at IS NOT NULL AS trusted FROM devices
      WHERE id = $1 AND customer_id = $2 AND revoked_at IS NULL`,
    [deviceId, customerId],
  );
  return (rows[0] as { id: string; name: string | null; trusted: boolean } | undefined) ?? null;
}

/** Revokes one of the customer's live devices, its trust and every session on it; null when not theirs. */
export async function revokeDevice(tx: Executor, customerId: string, deviceId: string) {
  const { rowCount } = await tx.query(
    `UPDATE devices SET revoked_at = now(), trusted_at = NULL
      WHERE id = $1 AND customer_id = $2 AND revoked_at IS NULL`,
    [deviceId, customerId],
  );
  if (rowCount !== 1) return null;
  const sessions = await tx.query(
    'UPDATE sessions SET revoked_at = now() WHERE device_id = $1 AND revoked_at IS NULL',
    [deviceId],
  );
  return { revokedSessions: sessions.rowCount ?? 0 };
}

/** Marks a live, untrusted device of the customer trusted; false when there was nothing to change. */
export async function trustDevice(tx: Executor, customerId: string, deviceId: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE devices SET trusted_at = now()
      WHERE id = $1 AND customer_id = $2 AND revoked_at IS NULL AND trusted_at IS NULL`,
    [deviceId, customerId],
  );
  return rowCount === 1;
}
