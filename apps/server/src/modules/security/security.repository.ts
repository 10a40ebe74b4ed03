import type { Executor } from '../../platform/sql.ts';

export type PinRow = { pinHash: string; failedAttempts: number; lockedAt: Date | null };
export type ChallengeRow = {
  id: string;
  customerId: string;
  purpose: string;
  amount: bigint;
  currency: string;
  payee: string;
  payeeLabel: string | null;
  operationId: string;
  methods: string[];
  attempts: number;
  expiresAt: Date;
  consumedAt: Date | null;
  otpHash: Buffer | null;
  otpSentAt: Date | null;
  otpSends: number;
};

export async function upsertPin(db: Executor, customerId: string, pinHash: string) {
  await db.query(
    `INSERT INTO customer_pins (customer_id, pin_hash) VALUES ($1, $2)
     ON CONFLICT (customer_id) DO UPDATE SET pin_hash = EXCLUDED.pin_hash, failed_attempts = 0, locked_at = NULL,
       updated_at = now()`,
    [customerId, pinHash],
  );
}

export async function pinOf(db: Executor, customerId: string, forUpdate = false): Promise<PinRow | null> {
  const { rows } = await db.query(
    `SELECT pin_hash, failed_attempts, locked_at FROM customer_pins WHERE customer_id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [customerId],
  );
  const r = rows[0];
  return r ? { pinHash: r.pin_hash, failedAttempts: r.failed_attempts, lockedAt: r.locked_at } : null;
}

export async function recordPinResult(db: Executor, customerId: string, ok: boolean, lockAfter: number) {
  const { rows } = await db.query(
    ok
      ? `UPDATE customer_pins SET failed_attempts = 0 WHERE customer_id = $1 RETURNING failed_attempts, locked_at`
      : `UPDATE customer_pins SET failed_attempts = failed_attempts + 1,
           locked_at = CASE WHEN failed_attempts + 1 >= $2 THEN now() ELSE locked_at END
         WHERE customer_id = $1 RETURNING failed_attempts, locked_at`,
    ok ? [customerId] : [customerId, lockAfter],
  );
  return rows[0] as { failed_attempts: number; locked_at: Date | null };
}

export async function insertChallenge(
  db: Executor,
  c: Omit<ChallengeRow, 'attempts' | 'consumedAt' | 'otpHash' | 'otpSentAt' | 'otpSends'>,
) {
  await db.query(
    `INSERT INTO step_up_challenges (id, customer_id, purpose, amount, currency, payee, operation_id, methods, expires_at,
        payee_label)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      c.id,
      c.customerId,
      c.purpose,
      c.amount.toString(),
      c.currency,
      c.payee,
      c.operationId,
      c.methods,
      c.expiresAt,
      c.payeeLabel,
    ],
  );
}

export async function challengeForUpdate(db: Executor, id: string): Promise<ChallengeRow | null> {
  const { rows } = await db.query(
    `SELECT id, customer_id, purpose, amount, currency, payee, payee_label, operation_id, methods, attempts, expires_at,
            consumed_at, otp_hash, otp_sent_at, otp_sends
       FROM step_up_challenges WHERE id = $1 FOR UPDATE`,
    [id],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    customerId: r.customer_id,
    purpose: r.purpose,
    amount: BigInt(r.amount),
    currency: r.currency.trim(),
    payee: r.payee,
    payeeLabel: r.payee_label,
    operationId: r.operation_id,
    methods: r.methods,
    attempts: r.attempts,
    expiresAt: r.expires_at,
    consumedAt: r.consumed_at,
    otpHash: r.otp_hash,
    otpSentAt: r.otp_sent_at,
    otpSends: r.otp_sends,
  };
}

export async function failChallengeAttempt(db: Executor, id: string) {
  await db.query('UPDATE step_up_challenges SET attempts = attempts + 1 WHERE id = $1', [id]);
}

export async function consumeChallenge(db: Executor, id: string, method: string) {
  await db.query('UPDATE step_up_challenges SET consumed_at = now(), method_used = $2 WHERE id = $1', [
    id,
    method,
  ]);
}

export async function recordOtpSent(db: Executor, id: string, otpHash: Buffer) {
  await db.query(
    'UPDATE step_up_challenges SET otp_hash = $2, otp_sent_at = now(), otp_sends = otp_sends + 1 WHERE id = $1',
    [id, otpHash],
  );
}

export type OtpFactor = 'totp' | 'sms';
/** A texted-code lock lasts a day; an authenticator lock lasts until it is enrolled again. */
const SMS_LOCK_HOURS = 24;

export async function otpLocked(db: Executor, customerId: string, factor: OtpFactor): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM otp_guard WHERE customer_id = $1 AND factor = $2 AND locked_at IS NOT NULL
        AND (factor = 'totp' OR locked_at > now() - make_interval(hours => $3))`,
    [customerId, factor, SMS_LOCK_HOURS],
  );
  return rows.length > 0;
}

/** Counts a wrong code (locking at `lockAfter` in a row) or clears the count after a right one. */
export async function recordOtpResult(
  db: Executor,
  customerId: string,
  factor: OtpFactor,
  right: boolean,
  lockAfter: number,
): Promise<{ failures: number; lockedNow: boolean }> {
  if (right) {
    await db.query('DELETE FROM otp_guard WHERE customer_id = $1 AND factor = $2', [customerId, factor]);
    return { failures: 0, lockedNow: false };
  }
  const { rows } = await db.query(
    `INSERT INTO otp_guard AS g (customer_id, factor, failures) VALUES ($1, $2, 1)
     ON CONFLICT (customer_id, factor) DO UPDATE SET
       failures = CASE WHEN g.locked_at IS NOT NULL THEN 1 ELSE g.failures + 1 END,
       locked_at = NULL
     RETURNING failures`,
    [customerId, factor],
  );
  const failures = rows[0].failures as number;
  if (failures < lockAfter) return { failures, lockedNow: false };
  await db.query('UPDATE otp_guard SET locked_at = now() WHERE customer_id = $1 AND factor = $2', [
    customerId,
    factor,
  ]);
  return { failures, lockedNow: true };
}

export async function clearOtpGuard(db: Executor, customerId: string, factor: OtpFactor) {
  await db.query('DELETE FROM otp_guard WHERE customer_id = $1 AND factor = $2', [customerId, factor]);
}
