import type pg from 'pg';
import type { Executor } from '../../platform/sql.ts';

/** A phone verification before sign-up, as stored (the phone only encrypted and as a blind index). */
export type VerificationRecord = {
  id: string;
  phoneIndex: Buffer;
  codeHash: Buffer | null;
  attempts: number;
  sends: number;
  lastSentAt: Date | null;
  expiresAt: Date;
  consumedAt: Date | null;
  purpose: VerificationPurpose;
};

/** What a texted code proves the number for: opening a wallet, or signing in to one. */
export type VerificationPurpose = 'signup' | 'sign_in';

const COLUMNS = 'id, phone_index, code_hash, attempts, sends, last_sent_at, expires_at, consumed_at, purpose';

const toVerification = (r: Record<string, unknown>): VerificationRecord => ({
  id: r.id as string,
  phoneIndex: r.phone_index as Buffer,
  codeHash: (r.code_hash as Buffer | null) ?? null,
  attempts: r.attempts as number,
  sends: r.sends as number,
  lastSentAt: (r.last_sent_at as Date | null) ?? null,
  expiresAt: r.expires_at as Date,
  consumedAt: (r.consumed_at as Date | null) ?? null,
  purpose: r.purpose as VerificationPurpose,
});

/** Serialises the requests for one number (advisory lock on its blind index, own namespace). */
export async function lockPhone(tx: pg.PoolClient, index: Buffer): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(7366170, $1)', [index.readInt32BE(0)]);
}

/** Whether any customer (in any status) holds this number. */
export async function phoneRegistered(db: Executor, index: Buffer): Promise<boolean> {
  const { rows } = await db.query('SELECT EXISTS (SELECT 1 FROM customers WHERE phone_index = $1) AS taken', [
    index,
  ]);
  return rows[0].taken === true;
}

/** The newest verification of this number that can still be used. */
export async function liveVerification(
  db: Executor,
  index: Buffer,
  now: Date,
  maxAttempts: number,
  purpose: VerificationPurpose,
): Promise<VerificationRecord | null> {
  const { rows } = await db.query(
    `SELECT ${COLUMNS} FROM signup_verifications
      WHERE phone_index = $1 AND consumed_at IS NULL AND expires_at > $2 AND attempts < $3 AND purpose = $4
      ORDER BY created_at DESC LIMIT 1`,
    [index, now, maxAttempts, purpose],
  );
  return rows[0] ? toVerification(rows[0]) : null;
}

/** Texts sent to this number since `since`: how many, and the oldest and newest send times. */
export async function textsSince(
  db: Executor,
  index: Buffer,
  since: Date,
  purpose: VerificationPurpose,
): Promise<{ count: number; oldest: Date | null; newest: Date | null }> {
  const { rows } = await db.query(
    `SELECT coalesce(sum(sends), 0)::int AS count, min(last_sent_at) AS oldest, max(last_sent_at) AS newest
       FROM signup_verifications WHERE phone_index = $1 AND last_sent_at > $2 AND purpose = $3`,
    [index, since, purpose],
  );
  return { count: rows[0].count, oldest: rows[0].oldest, newest: rows[0].newest };
}

export async function insertVerification(
  tx: pg.PoolClient,
  v: {
    id: string;
    phoneIndex: Buffer;
    phoneCiphertext: Buffer;
    phoneKeyId: string;
    createdAt: Date;
    expiresAt: Date;
    purpose: VerificationPurpose;
  },
): Promise<VerificationRecord> {
  const { rows } = await tx.query(
    `INSERT INTO signup_verifications (id, phone_index, phone_ciphertext, phone_key_id, created_at, expires_at, purpose)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
    [v.id, v.phoneIndex, v.phoneCiphertext, v.phoneKeyId, v.createdAt, v.expiresAt, v.purpose],
  );
  return toVerification(rows[0]);
}

/** A text is being sent: its code (or none, for a registered number) replaces the previous one. */
export async function recordSend(
  tx: pg.PoolClient,
  id: string,
  codeHash: Buffer | null,
  at: Date,
): Promise<void> {
  await tx.query(
    'UPDATE signup_verifications SET sends = sends + 1, last_sent_at = $3, code_hash = $2 WHERE id = $1',
    [id, codeHash, at],
  );
}

/** The gateway did not take the text: the send does not count and the previous code stays valid. */
export async function undoSend(db: Executor, v: VerificationRecord): Promise<void> {
  await db.query(
    `UPDATE signup_verifications SET sends = $2, last_sent_at = $3, code_hash = $4
      WHERE id = $1 AND sends = $2 + 1`,
    [v.id, v.sends, v.lastSentAt, v.codeHash],
  );
}

export async function verificationForUpdate(
  tx: pg.PoolClient,
  id: string,
): Promise<VerificationRecord | null> {
  const { rows } = await tx.query(`SELECT ${COLUMNS} FROM signup_verifications WHERE id = $1 FOR UPDATE`, [
    id,
  ]);
  return rows[0] ? toVerification(rows[0]) : null;
}

export async function failAttempt(tx: pg.PoolClient, id: string): Promise<void> {
  await tx.query('UPDATE signup_verifications SET attempts = attempts + 1 WHERE id = $1', [id]);
}

export async function consume(tx: pg.PoolClient, id: string, at: Date): Promise<void> {
  await tx.query('UPDATE signup_verifications SET consumed_at = $2 WHERE id = $1', [id, at]);
}
