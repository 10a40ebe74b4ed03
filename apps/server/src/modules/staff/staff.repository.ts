import type { Executor } from '../../platform/sql.ts';

export type StaffRow = {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  roles: string[];
  status: 'active' | 'disabled';
  createdAt: Date;
};

const COLS = `id, username, display_name AS "displayName", password_hash AS "passwordHash", roles, status,
  created_at AS "createdAt"`;

export async function insertStaff(
  db: Executor,
  s: {
    id: string;
    username: string;
    displayName: string;
    passwordHash: string;
    roles: string[];
    createdBy: string | null;
  },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO staff (id, username, display_name, password_hash, roles, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO NOTHING`,
    [s.id, s.username, s.displayName, s.passwordHash, s.roles, s.createdBy],
  );
  return rowCount === 1;
}

export async function staffByUsername(db: Executor, username: string): Promise<StaffRow | null> {
  const { rows } = await db.query(`SELECT ${COLS} FROM staff WHERE username = $1`, [username]);
  return (rows[0] as StaffRow | undefined) ?? null;
}

export async function staffById(db: Executor, id: string): Promise<StaffRow | null> {
  const { rows } = await db.query(`SELECT ${COLS} FROM staff WHERE id = $1`, [id]);
  return (rows[0] as StaffRow | undefined) ?? null;
}

export async function listStaff(db: Executor): Promise<StaffRow[]> {
  const { rows } = await db.query(`SELECT ${COLS} FROM staff ORDER BY username`);
  return rows as StaffRow[];
}

export async function setRoles(db: Executor, id: string, roles: string[], status: string) {
  const { rowCount } = await db.query('UPDATE staff SET roles = $2, status = $3 WHERE id = $1', [
    id,
    roles,
    status,
  ]);
  return rowCount === 1;
}

export type TotpRow = {
  secret: Buffer;
  keyId: string;
  confirmed: boolean;
  lastUsedStep: number | null;
  failedAttempts: number;
  locked: boolean;
};

export async function totpOf(db: Executor, staffId: string, forUpdate = false): Promise<TotpRow | null> {
  const { rows } = await db.query(
    `SELECT secret_ciphertext, secret_key_id, confirmed_at, last_used_step, failed_attempts, locked_at
       FROM staff_totp WHERE staff_id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [staffId],
  );
  const r = rows[0];
  return r
    ? {
        secret: r.secret_ciphertext,
        keyId: r.secret_key_id,
        confirmed: !!r.confirmed_at,
        lastUsedStep: r.last_used_step === null ? null : Number(r.last_used_step),
        failedAttempts: r.failed_attempts,
        locked: !!r.locked_at,
      }
    : null;
}

export async function putTotp(db: Executor, staffId: string, ciphertext: Buffer, keyId: string) {
  await db.query(
    `INSERT INTO staff_totp (staff_id, secret_ciphertext, secret_key_id) VALUES ($1, $2, $3)
     ON CONFLICT (staff_id) DO UPDATE SET secret_ciphertext = EXCLUDED.secret_ciphertext,
       secret_key_id = EXCLUDED.secret_key_id, confirmed_at = NULL, last_used_step = NULL,
       failed_attempts = 0, locked_at = NULL`,
    [staffId, ciphertext, keyId],
  );
}

export async function totpResult(
  db: Executor,
  staffId: string,
  result: { step: number; confirm: boolean } | null,
  lockAfter: number,
): Promise<{ locked: boolean }> {
  if (result) {
    await db.query(
      `UPDATE staff_totp SET last_used_step = $2, failed_attempts = 0,
         confirmed_at = CASE WHEN $3 THEN coalesce(confirmed_at, now()) ELSE confirmed_at END
       WHERE staff_id = $1`,
      [staffId, result.step, result.confirm],
    );
    return { locked: false };
  }
  const { rows } = await db.query(
    `UPDATE staff_totp SET failed_attempts = failed_attempts + 1,
       locked_at = CASE WHEN failed_attempts + 1 >= $2 THEN coalesce(locked_at, now()) ELSE locked_at END
     WHERE staff_id = $1 RETURNING locked_at`,
    [staffId, lockAfter],
  );
  return { locked: !!rows[0]?.locked_at };
}

export async function deleteTotp(db: Executor, staffId: string) {
  await db.query('DELETE FROM staff_totp WHERE staff_id = $1', [staffId]);
}

export async function insertSession(
  db: Executor,
  s: {
    id: string;
    staffId: string;
    tokenHash: Buffer;
    kind: 'full' | 'enrolment';
    ttlSeconds: number;
    absoluteSeconds: number;
    ip: string | null;
  },
) {
  const { rows } = await db.query(
    `INSERT INTO staff_sessions (id, staff_id, token_hash, kind, expires_at, absolute_expires_at, ip)
     VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5), now() + make_interval(secs => $6), $7)
     RETURNING least(expires_at, absolute_expires_at) AS expires_at`,
    [s.id, s.staffId, s.tokenHash, s.kind, s.ttlSeconds, s.absoluteSeconds, s.ip],
  );
  return rows[0].expires_at as Date;
}

/** The session behind a token, if live; slides its inactivity window (never past the absolute end). */
export async function touchSession(db: Executor, tokenHash: Buffer, ttlSeconds: number) {
  const { rows } = await db.query(
    `UPDATE staff_sessions ss SET last_seen_at = now(),
            expires_at = least(now() + make_interval(secs => $2), ss.absolute_expires_at)
       FROM staff s
      WHERE ss.token_hash = $1 AND ss.revoked_at IS NULL AND ss.expires_at > now()
        AND ss.absolute_expires_at > now() AND s.id = ss.staff_id AND s.status = 'active'
      RETURNING ss.id, ss.staff_id, ss.kind, s.roles`,
    [tokenHash, ttlSeconds],
  );
  const r = rows[0];
  return r
    ? { id: r.id as string, staffId: r.staff_id as string, kind: r.kind, roles: r.roles as string[] }
    : null;
}

export async function revokeSession(db: Executor, sessionId: string) {
  await db.query('UPDATE staff_sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [
    sessionId,
  ]);
}

export async function revokeAllSessions(db: Executor, staffId: string) {
  await db.query('UPDATE staff_sessions SET revoked_at = now() WHERE staff_id = $1 AND revoked_at IS NULL', [
    staffId,
  ]);
}
