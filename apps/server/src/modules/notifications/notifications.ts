import { uuidv7 } from '@yinbao/ledger';
import type pg from 'pg';
import { z } from 'zod';
import { HttpError } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import type { BatchOutboxHandler, StoredEvent } from '../../platform/outbox.ts';
import type { Executor } from '../../platform/sql.ts';

type NotificationPayload = { customerId: string; kind: string; title: string; body: string; data?: unknown };

/** Outbox handler: one in-app notification per event (event id is the dedup key: at-least-once safe).
 * Ids are UUIDv7, so id order is time order for the inbox and its cursor. Takes batches: one INSERT
 * for every event of a delivery pass. */
export const notifyCustomer: BatchOutboxHandler = Object.assign(
  async (ev: StoredEvent, tx: pg.PoolClient) => notifyCustomer.batch([ev], tx),
  {
    // One INSERT into this database: run in the transaction that writes the event (ADR 0007).
    inTransaction: true,
    batch: async (events: StoredEvent[], tx: pg.PoolClient) => {
      const rows = events.flatMap((ev) => {
        const n = ev.payload.notification as NotificationPayload | undefined;
        return n ? [{ ev, n }] : [];
      });
      if (rows.length === 0) return;
      await tx.query(
        `INSERT INTO notifications (id, customer_id, event_id, kind, title, body, data)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::jsonb[])
         ON CONFLICT (event_id) DO NOTHING`,
        [
          rows.map(() => uuidv7()),
          rows.map((r) => r.n.customerId),
          rows.map((r) => r.ev.id),
          rows.map((r) => r.n.kind),
          rows.map((r) => r.n.title),
          rows.map((r) => r.n.body),
          rows.map((r) => JSON.stringify(r.n.data ?? {})),
        ],
      );
    },
  },
);

const ZNotification = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

async function list(db: Executor, customerId: string, limit: number, before?: string) {
  const { rows } = await db.query(
    `SELECT id, kind, title, body, data, created_at, read_at FROM notifications
      WHERE customer_id = $1 AND ($2::uuid IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
    [customerId, before ?? null, limit + 1],
  );
  const page = rows.slice(0, limit).map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    data: r.data,
    createdAt: r.created_at.toISOString(),
    readAt: r.read_at?.toISOString() ?? null,
  }));
  return { items: page, nextCursor: rows.length > limit ? page[page.length - 1]!.id : null };
}

export function notificationRoutes(app: App, deps: { db: Executor }) {
  const tags = ['notifications'];
  const security = [{ session: [] }];
  app.get(
    '/v1/notifications',
    {
      config: { auth: 'customer' },
      schema: {
        tags,
        security,
        summary: 'In-app inbox, newest first',
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(100).default(20),
          cursor: z.uuid().optional(),
        }),
        response: { 200: z.object({ items: z.array(ZNotification), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => list(deps.db, req.customer!.id, req.query.limit, req.query.cursor),
  );
  app.post(
    '/v1/notifications/:notificationId/read',
    {
      config: { auth: 'customer' },
      schema: {
        tags,
        security,
        summary: 'Mark a notification read',
        params: z.object({ notificationId: z.uuid() }),
        response: { 200: z.object({ status: z.literal('read') }) },
      },
    },
    async (req) => {
      const { rowCount } = await deps.db.query(
        'UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND customer_id = $2',
        [req.params.notificationId, req.customer!.id],
      );
      if (rowCount === 0) throw new HttpError(404, 'NOT_FOUND', 'No such notification');
      return { status: 'read' as const };
    },
  );
}
