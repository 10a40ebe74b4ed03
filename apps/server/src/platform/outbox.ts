import { uuidv7 } from '@yinbao/ledger';
import type pg from 'pg';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';
import { pollingLoop } from './polling-loop.ts';

export type OutboxEvent = {
  id?: string;
  topic: string;
  customerId?: string | null;
  payload: Record<string, unknown>;
};
export type StoredEvent = {
  id: string;
  seq: bigint;
  topic: string;
  customerId: string | null;
  payload: Record<string, unknown>;
  attempts: number;
};

/** Writes events in the caller's transaction: they exist if and only if the money moved. */
export async function writeOutbox(tx: pg.ClientBase, events: OutboxEvent[]): Promise<void> {
  await writeEvents(
    tx,
    events.map((e) => ({ ...e, id: e.id ?? uuidv7() })),
    false,
  );
}

async function writeEvents(
  tx: pg.ClientBase,
  events: Array<OutboxEvent & { id: string }>,
  delivered: boolean,
) {
  if (events.length === 0) return;
  await tx.query(
    `INSERT INTO outbox_events (id, topic, customer_id, payload, delivered_at, attempts)
     SELECT id, topic, customer_id, payload, CASE WHEN $5 THEN now() END, CASE WHEN $5 THEN 1 ELSE 0 END
       FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::jsonb[]) AS u(id, topic, customer_id, payload)`,
    [
      events.map((e) => e.id),
      events.map((e) => e.topic),
      events.map((e) => e.customerId ?? null),
      events.map((e) => JSON.stringify(e.payload)),
      delivered,
    ],
  );
}

/**
 * Writes events in the caller's transaction and delivers, in that same transaction, those whose
 * handlers all run there (`inTransaction`: in-app notifications, rows in this database): they are
 * stored as delivered, and the worker never sees them. The others wait for the worker. Returns
 * whether any were left for it.
 */
export async function writeAndDeliver(
  tx: pg.PoolClient,
  events: OutboxEvent[],
  handlers: Record<string, OutboxHandler[]>,
): Promise<boolean> {
  const now: StoredEvent[] = [];
  const later: Array<OutboxEvent & { id: string }> = [];
  for (const e of events) {
    const ev = { ...e, id: e.id ?? uuidv7() };
    const hs = handlers[e.topic] ?? [];
    if (hs.every((h) => isBatch(h) && h.inTransaction)) {
      now.push({
        id: ev.id,
        seq: 0n,
        topic: ev.topic,
        customerId: ev.customerId ?? null,
        payload: ev.payload,
        attempts: 1,
      });
    } else later.push(ev);
  }
  await writeEvents(tx, later, false);
  if (now.length > 0) {
    await writeEvents(tx, now, true);
    const byHandler = new Map<BatchOutboxHandler, StoredEvent[]>();
    for (const ev of now) {
      for (const h of handlers[ev.topic] as BatchOutboxHandler[]) {
        const list = byHandler.get(h);
        if (list) list.push(ev);
        else byHandler.set(h, [ev]);
      }
    }
    for (const [h, evs] of byHandler) await h.batch(evs, tx);
  }
  return later.length > 0;
}

/** Runs in the claiming transaction; must be idempotent on event.id (delivery is at least once). */
export type OutboxHandler = (event: StoredEvent, tx: pg.PoolClient) => Promise<void>;

/**
 * A handler that can also take many events in one statement (`batch`); the worker gives it every
 * claimed event it handles at once, and falls back to one event at a time if the batch fails, so
 * that one bad event is retried alone and never holds back the others.
 */
export type BatchOutboxHandler = OutboxHandler & {
  batch: (events: StoredEvent[], tx: pg.PoolClient) => Promise<void>;
  /** Cheap and local (rows in this database): may run in the transaction that writes the event. */
  inTransaction?: boolean;
};

const isBatch = (h: OutboxHandler): h is BatchOutboxHandler =>
  typeof (h as BatchOutboxHandler).batch === 'function';

export type OutboxWorker = { start(): void; stop(): Promise<void>; runOnce(): Promise<number>; wake(): void };

/**
 * Delivers outbox events to handlers at least once: claims a batch with FOR UPDATE SKIP LOCKED (so
 * several workers can run), calls the handlers, marks them delivered; failures back off exponentially.
 */
export function createOutboxWorker(deps: {
  pool: pg.Pool;
  handlers: Record<string, OutboxHandler[]>;
  logger: Logger;
  metrics?: Metrics;
  intervalMs?: number;
}): OutboxWorker {
  async function runOnce(): Promise<number> {
    const client = await deps.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query(
        `SELECT id, seq, topic, customer_id, payload, attempts FROM outbox_events
          WHERE delivered_at IS NULL AND next_attempt_at <= now()
          ORDER BY seq LIMIT 2000 FOR UPDATE SKIP LOCKED`,
      );
      const delivered: string[] = [];
      const events: StoredEvent[] = rows.map((r) => ({
        id: r.id,
        seq: BigInt(r.seq),
        topic: r.topic,
        customerId: r.customer_id,
        payload: r.payload,
        attempts: r.attempts,
      }));
      // Events whose handlers all take batches go together, one statement per handler.
      const batchable: StoredEvent[] = [];
      const single: StoredEvent[] = [];
      for (const ev of events) ((deps.handlers[ev.topic] ?? []).every(isBatch) ? batchable : single).push(ev);
      if (batchable.length > 0) {
        await client.query('SAVEPOINT batch');
        try {
          const byHandler = new Map<BatchOutboxHandler, StoredEvent[]>();
          for (const ev of batchable) {
            for (const h of deps.handlers[ev.topic] as BatchOutboxHandler[]) {
              const list = byHandler.get(h);
              if (list) list.push(ev);
              else byHandler.set(h, [ev]);
            }
          }
          for (const [h, evs] of byHandler) await h.batch(evs, client);
          await client.query('RELEASE SAVEPOINT batch');
          for (const ev of batchable) {
            delivered.push(ev.id);
            deps.metrics?.outboxDelivered.inc({ topic: ev.topic });
          }
        } catch {
          await client.query('ROLLBACK TO SAVEPOINT batch');
          single.push(...batchable);
        }
      }
      for (const ev of single) {
        await client.query('SAVEPOINT ev');
        try {
          for (const h of deps.handlers[ev.topic] ?? []) await h(ev, client);
          await client.query('RELEASE SAVEPOINT ev');
          delivered.push(ev.id);
          deps.metrics?.outboxDelivered.inc({ topic: ev.topic });
        } catch (e) {
          await client.query('ROLLBACK TO SAVEPOINT ev');
          deps.logger.warn(
            { eventId: ev.id, topic: ev.topic, err: (e as Error).message },
            'outbox delivery failed',
          );
          await client.query(
            `UPDATE outbox_events SET attempts = attempts + 1, last_error = $2,
               next_attempt_at = now() + make_interval(secs => least(3600, power(2, attempts)::int)) WHERE id = $1`,
            [ev.id, (e as Error).message.slice(0, 500)],
          );
        }
      }
      if (delivered.length > 0) {
        await client.query(
          'UPDATE outbox_events SET delivered_at = now(), attempts = attempts + 1 WHERE id = ANY($1::uuid[])',
          [delivered],
        );
      }
      await client.query('COMMIT');
      return delivered.length;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  return pollingLoop({
    name: 'outbox worker',
    pass: runOnce,
    logger: deps.logger,
    idleMs: deps.intervalMs ?? 250,
    retryMs: 1000,
    // Under load, a pass every 25 ms delivers what piled up in one transaction.
    busyMs: 25,
  });
}
