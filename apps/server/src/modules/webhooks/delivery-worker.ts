import { uuidv7 } from '@yinbao/ledger';
import { SIGNATURE_HEADER, signPayload } from '@yinbao/signature';
import type pg from 'pg';
import { AAD } from '../../platform/encrypted-fields.ts';
import type { Logger } from '../../platform/logger.ts';
import { pollingLoop } from '../../platform/polling-loop.ts';
import type { Vault } from '../../platform/secrets.ts';
import { inTransaction } from '../../platform/sql.ts';
import { nextAttemptAt } from './backoff.ts';
import * as repo from './webhooks.repository.ts';

export const EVENT_ID_HEADER = 'x-yinbao-event-id';
export const EVENT_TYPE_HEADER = 'x-yinbao-event-type';

export type WebhookWorker = {
  start(): void;
  stop(): Promise<void>;
  /** One pass: claims the due deliveries (up to a batch), POSTs them, records each attempt. */
  runOnce(): Promise<number>;
  wake(): void;
};

type Claimed = {
  id: string;
  attempts: number;
  eventId: string;
  type: string;
  body: string;
  url: string;
  secrets: string[];
};
type Outcome = { statusCode: number | null; error: string | null; durationMs: number };

/** What a failed request is recorded as: the error's code, never a header or the secret. */
function describe(e: unknown): string {
  const err = e as Error & { cause?: { code?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timeout';
  return String(err.cause?.code ?? err.name ?? 'error').slice(0, 100);
}

/**
 * Delivers merchant webhooks at least once. A pass claims due deliveries with FOR UPDATE SKIP
 * LOCKED (several workers may run) and leases them (next_attempt_at moves past the timeout, so a
 * worker that dies mid-request leaves them to be retried, never lost), then POSTs each event's
 * stored bytes, signed with every valid secret of the endpoint, and records the attempt: 2xx is
 * delivered, anything else (other status, timeout, refused connection, redirect) is retried on the
 * back-off schedule until it gives up (`failed`). Scheduling follows `clock` (tests move it); the
 * signature's timestamp is the wall clock of the request, which is what receivers compare it with.
 */
export function createWebhookWorker(deps: {
  pool: pg.Pool;
  vault: Vault;
  logger: Logger;
  clock?: () => Date;
  random?: () => number;
  timeoutMs?: number;
  batchSize?: number;
  intervalMs?: number;
}): WebhookWorker {
  const clock = deps.clock ?? (() => new Date());
  const timeoutMs = deps.timeoutMs ?? 10_000;
  const batch = deps.batchSize ?? 10;

  async function claim(): Promise<Claimed[]> {
    return inTransaction(deps.pool, async (tx) => {
      const now = clock();
      const { rows } = await tx.query(
        `SELECT d.id, d.attempts, d.event_id, e.type, e.body, w.id AS endpoint_id, w.url
           FROM webhook_deliveries d
           JOIN webhook_events e ON e.id = d.event_id
           JOIN webhook_endpoints w ON w.id = d.endpoint_id
          WHERE d.status = 'pending' AND d.next_attempt_at <= $1
          ORDER BY d.next_attempt_at LIMIT $2 FOR UPDATE OF d SKIP LOCKED`,
        [now, batch],
      );
      if (rows.length === 0) return [];
      const lease = new Date(now.getTime() + timeoutMs + 60_000);
      await tx.query('UPDATE webhook_deliveries SET next_attempt_at = $2 WHERE id = ANY($1::uuid[])', [
        rows.map((r) => r.id),
        lease,
      ]);
      const secrets = await repo.validSecrets(
        tx,
        [...new Set(rows.map((r) => r.endpoint_id as string))],
        now,
      );
      return rows.map((r) => ({
        id: r.id,
        attempts: r.attempts,
        eventId: r.event_id,
        type: r.type,
        body: r.body,
        url: r.url,
        secrets: secrets
          .filter((s) => s.endpointId === r.endpoint_id)
          .map((s) => deps.vault.decrypt(s.ciphertext, AAD.webhookSecret(s.id), s.keyId)),
      }));
    });
  }

  async function post(d: Claimed): Promise<Outcome> {
    const started = performance.now();
    const durationMs = () => Math.round(performance.now() - started);
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Yinbao-Webhooks/1',
          [SIGNATURE_HEADER]: signPayload(d.secrets, d.body),
          [EVENT_ID_HEADER]: d.eventId,
          [EVENT_TYPE_HEADER]: d.type,
        },
        body: d.body,
      });
      await res.body?.cancel().catch(() => {});
      return { statusCode: res.status, error: null, durationMs: durationMs() };
    } catch (e) {
      return { statusCode: null, error: describe(e), durationMs: durationMs() };
    }
  }

  async function record(d: Claimed, o: Outcome): Promise<void> {
    const now = clock();
    const delivered = o.statusCode !== null && o.statusCode >= 200 && o.statusCode < 300;
    const attempts = d.attempts + 1;
    const next = delivered ? null : nextAttemptAt(now, attempts, deps.random);
    await inTransaction(deps.pool, async (tx) => {
      await tx.query(
        `INSERT INTO webhook_attempts (id, delivery_id, attempted_at, status_code, error, duration_ms)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [uuidv7(), d.id, now, o.statusCode, o.error, o.durationMs],
      );
      await tx.query(
        `UPDATE webhook_deliveries SET attempts = $2, status = $3, next_attempt_at = $4, delivered_at = $5
          WHERE id = $1 AND status = 'pending'`,
        [d.id, attempts, delivered ? 'delivered' : next ? 'pending' : 'failed', next, delivered ? now : null],
      );
    });
    const log = { deliveryId: d.id, eventId: d.eventId, type: d.type, attempt: attempts, ...o };
    if (delivered) deps.logger.info(log, 'webhook delivered');
    else deps.logger.warn({ ...log, nextAttemptAt: next?.toISOString() ?? null }, 'webhook attempt failed');
  }

  async function runOnce(): Promise<number> {
    const claimed = await claim();
    await Promise.all(claimed.map(async (d) => record(d, await post(d))));
    return claimed.length;
  }

  return pollingLoop({
    name: 'webhook worker',
    pass: runOnce,
    logger: deps.logger,
    idleMs: deps.intervalMs ?? 1000,
    retryMs: 5000,
  });
}
