import type { Executor } from '../../platform/sql.ts';

export type PasskeyRow = {
  id: string;
  customerId: string;
  credentialId: string;
  publicKey: Buffer;
  signCount: number;
  transports: string[];
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
};
export type CeremonyPurpose = 'registration' | 'login';

const COLUMNS = `id, customer_id, credential_id, public_key, sign_count, transports, name, created_at, last_used_at`;

// biome-ignore lint/suspicious/noExplicitAny: a pg row
function toPasskey(r: any): PasskeyRow {
  return {
    id: r.id,
    customerId: r.customer_id,
    credentialId: r.credential_id,
    publicKey: r.public_key,
    signCount: Number(r.sign_count),
    transports: r.transports,
    name: r.name,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
  };
}

export async function insertCeremony(
  db: Executor,
  c: {
    id: string;
    challenge: string;
    customerId: string | null;
    purpose: CeremonyPurpose;
    createdAt: Date;
    expiresAt: Date;
  },
) {
  await db.query(
    `INSERT INTO webauthn_ceremonies (id, challenge, customer_id, purpose, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [c.id, c.challenge, c.customerId, c.purpose, c.createdAt, c.expiresAt],
  );
}

/** Consumes the ceremony with this challenge, whatever the answer turns out to be (single use). */
export async function consumeCeremony(
  db: Executor,
  challenge: string,
  purpose: CeremonyPurpose,
  at: Date,
): Promise<{ customerId: string | null; expiresAt: Date } | null> {
  const { rows } = await db.query(
    `UPDATE webauthn_ceremonies SET consumed_at = $3
      WHERE challenge = $1 AND purpose = $2 AND consumed_at IS NULL
      RETURNING customer_id, expires_at`,
    [challenge, purpose, at],
  );
  const r = rows[0];
  return r ? { customerId: r.customer_id, expiresAt: r.expires_at } : null;
}

export async function activePasskeys(db: Executor, customerId: string): Promise<PasskeyRow[]> {
  const { rows } = await db.query(
    `SELECT ${COLUMNS} FROM passkeys WHERE customer_id = $1 AND removed_at IS NULL ORDER BY created_at, id`,
    [customerId],
  );
  return rows.map(toPasskey);
}

/** An active passkey by its credential id, locked for the counter update. */
export async function passkeyByCredential(db: Executor, credentialId: string): Promise<PasskeyRow | null> {
  const { rows } = await db.query(
    `SELECT ${COLUMNS} FROM passkeys WHERE credential_id = $1 AND removed_at IS NULL FOR UPDATE`,
    [credentialId],
  );
  return rows[0] ? toPasskey(rows[0]) : null;
}

/** Inserts a passkey unless its credential id is known (also a removed one); false when it was. */
export async function insertPasskey(
  db: Executor,
  p: {
    id: string;
    customerId: string;
    credentialId: string;
    publicKey: Uint8Array;
    signCount: number;
    transports: string[];
    aaguid: string;
    backedUp: boolean;
    name: string;
  },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO passkeys (id, customer_id, credential_id, public_key, sign_count, transports, aaguid, backed_up, name)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (credential_id) DO NOTHING`,
    [
      p.id,
      p.customerId,
      p.credentialId,
      Buffer.from(p.publicKey),
      p.signCount,
      p.transports,
      p.aaguid,
      p.backedUp,
      p.name,
    ],
  );
  return rowCount === 1;
}

/** Removes one of the customer's own passkeys; null when there is no such (active) passkey of theirs. */
export async function removePasskey(
  db: Executor,
  customerId: string,
  id: string,
): Promise<{ name: string } | null> {
  const { rows } = await db.query(
    `UPDATE passkeys SET removed_at = now() WHERE id = $1 AND customer_id = $2 AND removed_at IS NULL
      RETURNING name`,
    [id, customerId],
  );
  return rows[0] ? { name: rows[0].name } : null;
}

export async function recordUse(db: Executor, id: string, signCount: number, at: Date) {
  await db.query('UPDATE passkeys SET sign_count = $2, last_used_at = $3 WHERE id = $1', [id, signCount, at]);
}

export async function lockedAt(db: Executor, customerId: string): Promise<Date | null> {
  const { rows } = await db.query('SELECT locked_at FROM passkey_guard WHERE customer_id = $1', [customerId]);
  return rows[0]?.locked_at ?? null;
}

/**
 * Counts a failed assertion (locking the factor at `lockAfter` in a row) or resets the count after
 * a good one. Returns the state after.
 */
export async function recordAssertion(db: Executor, customerId: string, ok: boolean, lockAfter: number) {
  const { rows } = await db.query(
    ok
      ? `INSERT INTO passkey_guard (customer_id) VALUES ($1)
         ON CONFLICT (customer_id) DO UPDATE SET failed_attempts = 0
         RETURNING failed_attempts, locked_at`
      : `INSERT INTO passkey_guard (customer_id, failed_attempts, locked_at)
         VALUES ($1, 1, CASE WHEN $2::int <= 1 THEN now() END)
         ON CONFLICT (customer_id) DO UPDATE SET failed_attempts = passkey_guard.failed_attempts + 1,
           locked_at = CASE WHEN passkey_guard.failed_attempts + 1 >= $2::int
                            THEN coalesce(passkey_guard.locked_at, now()) ELSE passkey_guard.locked_at END
         RETURNING failed_attempts, locked_at`,
    ok ? [customerId] : [customerId, lockAfter],
  );
  return rows[0] as { failed_attempts: number; locked_at: Date | null };
}

/** A new passkey (registered with the login password) lifts the lock. */
export async function unlock(db: Executor, customerId: string) {
  await db.query('UPDATE passkey_guard SET failed_attempts = 0, locked_at = NULL WHERE customer_id = $1', [
    customerId,
  ]);
}

/** Serialises passkey changes of one customer (the ten-passkey cap under concurrent registrations). */
export async function lockCustomer(db: Executor, customerId: string) {
  await db.query('SELECT 1 FROM customers WHERE id = $1 FOR UPDATE', [customerId]);
}
