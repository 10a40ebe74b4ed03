import type { Executor } from '../../platform/sql.ts';

export type EndpointRow = {
  id: string;
  merchantId: string;
  url: string;
  events: string[];
  createdAt: Date;
  deletedAt: Date | null;
};
export type SecretRow = {
  id: string;
  endpointId: string;
  ciphertext: Buffer;
  keyId: string;
  createdAt: Date;
  expiresAt: Date | null;
};
export type DeliveryRow = {
  id: string;
  eventId: string;
  eventType: string;
  endpointId: string;
  status: 'pending' | 'delivered' | 'failed' | 'cancelled';
  attempts: number;
  nextAttemptAt: Date | null;
  createdAt: Date;
  deliveredAt: Date | null;
};
export type AttemptRow = {
  deliveryId: string;
  attemptedAt: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
};

const toEndpoint = (r: Record<string, unknown>): EndpointRow => ({
  id: r.id as string,
  merchantId: r.merchant_id as string,
  url: r.url as string,
  events: r.events as string[],
  createdAt: r.created_at as Date,
  deletedAt: (r.deleted_at as Date | null) ?? null,
});
const toSecret = (r: Record<string, unknown>): SecretRow => ({
  id: r.id as string,
  endpointId: r.endpoint_id as string,
  ciphertext: r.secret_ciphertext as Buffer,
  keyId: r.key_id as string,
  createdAt: r.created_at as Date,
  expiresAt: (r.expires_at as Date | null) ?? null,
});
const toDelivery = (r: Record<string, unknown>): DeliveryRow => ({
  id: r.id as string,
  eventId: r.event_id as string,
  eventType: r.type as string,
  endpointId: r.endpoint_id as string,
  status: r.status as DeliveryRow['status'],
  attempts: r.attempts as number,
  nextAttemptAt: (r.next_attempt_at as Date | null) ?? null,
  createdAt: r.created_at as Date,
  deliveredAt: (r.delivered_at as Date | null) ?? null,
});

export async function insertEndpoint(
  db: Executor,
  e: { id: string; merchantId: string; url: string; events: string[]; createdBy: string; now: Date },
): Promise<EndpointRow> {
  const { rows } = await db.query(
    `INSERT INTO webhook_endpoints (id, merchant_id, url, events, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [e.id, e.merchantId, e.url, e.events, e.createdBy, e.now],
  );
  return toEndpoint(rows[0]);
}

export async function endpointById(db: Executor, id: string, lock = false): Promise<EndpointRow | null> {
  const { rows } = await db.query(
    `SELECT * FROM webhook_endpoints WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ? toEndpoint(rows[0]) : null;
}

export async function liveEndpointsOf(db: Executor, merchantId: string): Promise<EndpointRow[]> {
  const { rows } = await db.query(
    `SELECT * FROM webhook_endpoints WHERE merchant_id = $1 AND deleted_at IS NULL ORDER BY created_at, id`,
    [merchantId],
  );
  return rows.map(toEndpoint);
}

export async function deleteEndpoint(db: Executor, id: string, now: Date): Promise<void> {
  await db.query('UPDATE webhook_endpoints SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL', [
    id,
    now,
  ]);
  // Nothing more will be sent there: what was waiting is cancelled (kept in the log).
  await db.query(
    `UPDATE webhook_deliveries SET status = 'cancelled', next_attempt_at = NULL
      WHERE endpoint_id = $1 AND status = 'pending'`,
    [id],
  );
}

export async function insertSecret(
  db: Executor,
  s: { id: string; endpointId: string; ciphertext: Buffer; keyId: string; now: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO webhook_secrets (id, endpoint_id, secret_ciphertext, key_id, created_at)
     VALUES ($1, $2, $3, $4, $5)`,
    [s.id, s.endpointId, s.ciphertext, s.keyId, s.now],
  );
}

/** The endpoint's secrets still valid at `now`, the current one first. */
export async function validSecrets(db: Executor, endpointIds: string[], now: Date): Promise<SecretRow[]> {
  const { rows } = await db.query(
    `SELECT * FROM webhook_secrets WHERE endpoint_id = ANY($1::uuid[]) AND (expires_at IS NULL OR expires_at > $2)
      ORDER BY endpoint_id, expires_at DESC NULLS FIRST, created_at DESC`,
    [endpointIds, now],
  );
  return rows.map(toSecret);
}

/** The secrets of these endpoints that expire (the latest rotation and the end of its overlap). */
export async function secretDates(
  db: Executor,
  endpointIds: string[],
): Promise<Map<string, { rotatedAt: Date | null; previousExpiresAt: Date | null }>> {
  const { rows } = await db.query(
    `SELECT endpoint_id, max(created_at) FILTER (WHERE expires_at IS NULL) AS current_at,
            count(*)::int AS n, max(expires_at) AS previous_expires_at
       FROM webhook_secrets WHERE endpoint_id = ANY($1::uuid[]) GROUP BY endpoint_id`,
    [endpointIds],
  );
  return new Map(
    rows.map((r) => [
      r.endpoint_id as string,
      {
        rotatedAt: r.n > 1 ? (r.current_at as Date) : null,
        previousExpiresAt: (r.previous_expires_at as Date | null) ?? null,
      },
    ]),
  );
}

/** A rotation: the current secret (and any older one still valid) expires at `until`. */
export async function retireSecrets(db: Executor, endpointId: string, until: Date): Promise<void> {
  await db.query(
    `UPDATE webhook_secrets SET expires_at = CASE WHEN expires_at IS NULL THEN $2 ELSE least(expires_at, $2) END
      WHERE endpoint_id = $1 AND (expires_at IS NULL OR expires_at > $2)`,
    [endpointId, until],
  );
}

const DELIVERY_COLUMNS = `d.id, d.event_id, e.type, d.endpoint_id, d.status, d.attempts, d.next_attempt_at,
  d.created_at, d.delivered_at`;

export async function deliveriesOf(db: Executor, endpointId: string, limit = 100): Promise<DeliveryRow[]> {
  const { rows } = await db.query(
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
      WHERE d.endpoint_id = $1 ORDER BY d.created_at DESC, d.id DESC LIMIT $2`,
    [endpointId, limit],
  );
  return rows.map(toDelivery);
}

export async function deliveryById(db: Executor, id: string, lock = false): Promise<DeliveryRow | null> {
  const { rows } = await db.query(
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
      WHERE d.id = $1${lock ? ' FOR UPDATE OF d' : ''}`,
    [id],
  );
  return rows[0] ? toDelivery(rows[0]) : null;
}

export async function attemptsOf(db: Executor, deliveryIds: string[]): Promise<AttemptRow[]> {
  const { rows } = await db.query(
    `SELECT delivery_id, attempted_at, status_code, error, duration_ms FROM webhook_attempts
      WHERE delivery_id = ANY($1::uuid[]) ORDER BY attempted_at, id`,
    [deliveryIds],
  );
  return rows.map((r) => ({
    deliveryId: r.delivery_id,
    attemptedAt: r.attempted_at,
    statusCode: r.status_code,
    error: r.error,
    durationMs: r.duration_ms,
  }));
}

/** A manual re-send: the delivery is due now (again), whatever its state. */
export async function makeDue(db: Executor, id: string, now: Date): Promise<void> {
  await db.query(
    `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $2, delivered_at = NULL WHERE id = $1`,
    [id, now],
  );
}
