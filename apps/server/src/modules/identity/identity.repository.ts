import type { Executor } from '../../platform/sql.ts';

/**
 * A customer as stored: the phone and display name only encrypted (the service decrypts them), the
 * phone also as a blind index (HMAC) for lookups.
 */
export type CustomerRecord = {
  id: string;
  phoneCiphertext: Buffer;
  phoneKeyId: string;
  passwordHash: string;
  displayNameCiphertext: Buffer;
  displayNameKeyId: string;
  createdAt: Date;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const COLUMNS = `id, phone_ciphertext, phone_key_id, password_hash, display_name_ciphertext, display_name_key_id,
  created_at`;

const toCustomer = (r: Record<string, unknown>): CustomerRecord => ({
  id: r.id as string,
  phoneCiphertext: r.phone_ciphertext as Buffer,
  phoneKeyId: r.phone_key_id as string,
  passwordHash: r.password_hash as string,
  displayNameCiphertext: r.display_name_ciphertext as Buffer,
  displayNameKeyId: r.display_name_key_id as string,
  createdAt: r.created_at as Date,
});

/** False when the phone (its blind index) is already registered. */
export async function insertCustomer(
  db: Executor,
  c: Omit<CustomerRecord, 'createdAt'> & { phoneIndex: Buffer },
) {
  const { rowCount } = await db.query(
    `INSERT INTO customers (id, phone_ciphertext, phone_key_id, phone_index, password_hash,
        display_name_ciphertext, display_name_key_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (phone_index) DO NOTHING`,
    [
      c.id,
      c.phoneCiphertext,
      c.phoneKeyId,
      c.phoneIndex,
      c.passwordHash,
      c.displayNameCiphertext,
      c.displayNameKeyId,
    ],
  );
  return rowCount === 1;
}

export async function findCustomerByPhoneIndex(db: Executor, index: Buffer): Promise<CustomerRecord | null> {
  const { rows } = await db.query(
    `SELECT ${COLUMNS} FROM customers WHERE phone_index = $1 AND status = 'active'`,
    [index],
  );
  return rows[0] ? toCustomer(rows[0]) : null;
}

/** Active customers with these phone indexes (payee lookups), with the index they matched. */
export async function findCustomersByPhoneIndexes(
  db: Executor,
  indexes: Buffer[],
): Promise<Array<CustomerRecord & { phoneIndex: Buffer }>> {
  const { rows } = await db.query(
    `SELECT ${COLUMNS}, phone_index FROM customers WHERE phone_index = ANY($1::bytea[]) AND status = 'active'`,
    [indexes],
  );
  return rows.map((r) => ({ ...toCustomer(r), phoneIndex: r.phone_index as Buffer }));
}

export async function findCustomerById(db: Executor, id: string): Promise<CustomerRecord | null> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM customers WHERE id = $1`, [id]);
  return rows[0] ? toCustomer(rows[0]) : null;
}

export async function findCustomersByIds(db: Executor, ids: string[]): Promise<CustomerRecord[]> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM customers WHERE id = ANY($1::uuid[])`, [
    ids.filter((id) => UUID.test(id)),
  ]);
  return rows.map(toCustomer);
}

export async function insertSession(
  db: Executor,
  s: {
    id: string;
    customerId: string;
    tokenHash: Buffer;
    ttlSeconds: number;
    deviceId: string;
    userAgent?: string;
    ip?: string;
    authMethod: AuthMethod;
  },
): Promise<Date> {
  const { rows } = await db.query(
    `INSERT INTO sessions (id, customer_id, token_hash, expires_at, user_agent, ip, device_id, auth_method)
     VALUES ($1, $2, $3, now() + make_interval(secs => $4), $5, $6, $7, $8) RETURNING expires_at`,
    [
      s.id,
      s.customerId,
      s.tokenHash,
      s.ttlSeconds,
      s.userAgent?.slice(0, 200) ?? null,
      s.ip ?? null,
      s.deviceId,
      s.authMethod,
    ],
  );
  return rows[0].expires_at;
}

/**
 * How often a used session records its activity: `last_seen_at` lags the last request by less
 * than this, so inactivity is measured in steps of this size (never shorter than it really was).
 */
export const TOUCH_EVERY_SECONDS = 10;

/** How a session was signed in: a password (sign-up too), a passkey, or a texted code alone. */
export type AuthMethod = 'password' | 'passkey' | 'sms';

export type LiveSession = {
  id: string;
  customerId: string;
  deviceId: string | null;
  deviceTrusted: boolean;
  authMethod: AuthMethod;
  /** Active within the payment idle window since sign-in, without a longer gap ever. */
  paymentScope: boolean;
};

export type LiveSessionRow = {
  id: string;
  customer_id: string;
  device_id: string | null;
  auth_method: AuthMethod;
  idle: number;
  ended: boolean;
  trusted: boolean;
};

/** The live sessions with these token hashes, by hash (hex), in one query (the auth hot path). */
export async function findLiveSessions(
  db: Executor,
  tokenHashes: Buffer[],
): Promise<Map<string, LiveSessionRow>> {
  const { rows } = await db.query(
    `SELECT s.token_hash, s.id, s.customer_id, s.device_id, s.auth_method,
            extract(epoch FROM now() - s.last_seen_at)::float8 AS idle,
            s.payment_scope_ended_at IS NOT NULL AS ended,
            coalesce(d.trusted_at IS NOT NULL AND d.revoked_at IS NULL, false) AS trusted
       FROM sessions s LEFT JOIN devices d ON d.id = s.device_id
      WHERE s.token_hash = ANY($1::bytea[]) AND s.revoked_at IS NULL AND s.expires_at > now()`,
    [tokenHashes],
  );
  return new Map(rows.map((r) => [(r.token_hash as Buffer).toString('hex'), r as LiveSessionRow]));
}

export type SessionTouch = { sessionId: string; lapsed: boolean };

/** Records activity on several sessions (and their devices) in one statement. */
export async function touchSessions(
  db: Executor,
  touches: SessionTouch[],
  ttlSeconds: number,
): Promise<void> {
  await db.query(
    `WITH t AS (SELECT * FROM unnest($1::uuid[], $2::boolean[]) AS t(id, lapsed)),
     s AS (
       UPDATE sessions s SET last_seen_at = now(), expires_at = now() + make_interval(secs => $3),
              payment_scope_ended_at = coalesce(s.payment_scope_ended_at, CASE WHEN t.lapsed THEN now() END)
         FROM t WHERE s.id = t.id RETURNING s.device_id)
     UPDATE devices SET last_seen_at = now() WHERE id IN (SELECT device_id FROM s)`,
    [touches.map((t) => t.sessionId), touches.map((t) => t.lapsed), ttlSeconds],
  );
}

/**
 * Finds a live session and slides its inactivity window (at most one write every
 * TOUCH_EVERY_SECONDS). A gap longer than `paymentIdleSeconds` since the last recorded activity ends
 * the session's payment scope for good (recorded in the same write), so reading afterwards does not
 * revive it. The device's trust is read live: trusting or revoking a device applies at once.
 */
export async function touchSession(
  db: Executor,
  tokenHash: Buffer,
  ttlSeconds: number,
  paymentIdleSeconds: number,
  io: {
    find?: (tokenHash: Buffer) => Promise<LiveSessionRow | undefined>;
    touch?: (t: SessionTouch) => Promise<unknown>;
  } = {},
): Promise<LiveSession | null> {
  const find = io.find ?? (async (h) => (await findLiveSessions(db, [h])).get(h.toString('hex')));
  const s = await find(tokenHash);
  if (!s) return null;
  const lapsed = s.idle > paymentIdleSeconds;
  if (s.idle > TOUCH_EVERY_SECONDS || (lapsed && !s.ended)) {
    const t = { sessionId: s.id, lapsed };
    await (io.touch ? io.touch(t) : touchSessions(db, [t], ttlSeconds));
  }
  return {
    id: s.id,
    customerId: s.customer_id,
    deviceId: s.device_id,
    deviceTrusted: s.trusted,
    authMethod: s.auth_method,
    paymentScope: !s.ended && !lapsed,
  };
}

export async function revokeSession(db: Executor, sessionId: string): Promise<void> {
  await db.query('UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [sessionId]);
}

export type SessionRow = {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
  ip: string | null;
};

export async function liveSessions(db: Executor, customerId: string): Promise<SessionRow[]> {
  const { rows } = await db.query(
    `SELECT id, created_at, last_seen_at, user_agent, ip FROM sessions
      WHERE customer_id = $1 AND revoked_at IS NULL AND expires_at > now() ORDER BY last_seen_at DESC`,
    [customerId],
  );
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    userAgent: r.user_agent,
    ip: r.ip,
  }));
}

/** Revokes one of the customer's sessions; false when it is not theirs or not live. */
export async function revokeOwnSession(
  db: Executor,
  customerId: string,
  sessionId: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE sessions SET revoked_at = now() WHERE id = $1 AND customer_id = $2 AND revoked_at IS NULL',
    [sessionId, customerId],
  );
  return rowCount === 1;
}

export async function revokeOtherSessions(
  db: Executor,
  customerId: string,
  keepSessionId: string,
): Promise<number> {
  const { rowCount } = await db.query(
    'UPDATE sessions SET revoked_at = now() WHERE customer_id = $1 AND id <> $2 AND revoked_at IS NULL',
    [customerId, keepSessionId],
  );
  return rowCount ?? 0;
}
