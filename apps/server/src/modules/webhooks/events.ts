import { uuidFromName, uuidv7 } from '@yinbao/ledger';
import type pg from 'pg';
import type { Effect, EffectHandler } from '../../platform/effects.ts';
import type { WebhookEventType } from './webhooks.schema.ts';

export type EnqueuedEvent = { eventId: string; deliveryIds: string[] };

/** A new event id: `evt_` and 32 hex digits (time-ordered, like the other ids). */
export const newEventId = () => `evt_${uuidv7().replace(/-/g, '')}`;

/**
 * Records a merchant event in the caller's transaction: one `webhook_events` row whose body — the
 * JSON `{id, type, createdAt, data}` serialised here, once — is the exact bytes every delivery and
 * re-send will POST, and one pending delivery per live endpoint subscribed to the type (or only to
 * `opts.endpointId`, for a test event). Written with the money it describes, so a crash after the
 * commit loses nothing: the delivery worker finds it in the table.
 */
export async function enqueueMerchantEvent(
  tx: pg.ClientBase,
  merchantId: string,
  type: WebhookEventType,
  data: Record<string, unknown>,
  opts: { now?: Date; endpointId?: string; eventId?: string } = {},
): Promise<EnqueuedEvent> {
  const now = opts.now ?? new Date();
  const eventId = opts.eventId ?? newEventId();
  const body = JSON.stringify({ id: eventId, type, createdAt: now.toISOString(), data });
  await tx.query(
    'INSERT INTO webhook_events (id, merchant_id, type, body, created_at) VALUES ($1, $2, $3, $4, $5)',
    [eventId, merchantId, type, body, now],
  );
  const { rows } = await tx.query(
    `INSERT INTO webhook_deliveries (id, event_id, endpoint_id, next_attempt_at, created_at)
     SELECT gen_random_uuid(), $1, w.id, $3, $3
       FROM webhook_endpoints w
      WHERE w.merchant_id = $2 AND w.deleted_at IS NULL
        AND ($4::uuid IS NULL AND (cardinality(w.events) = 0 OR $5 = ANY(w.events)) OR w.id = $4::uuid)
     RETURNING id`,
    [eventId, merchantId, now, opts.endpointId ?? null, type],
  );
  return { eventId, deliveryIds: rows.map((r) => r.id as string) };
}

/**
 * A merchant event attached to a ledger transfer (`effects`): the commit hook records it in the
 * posting transaction, so the event exists exactly when the money moved. `eventId` should be derived
 * from the transfer (stable across retries of the request); the effect is applied once, with the
 * transfer.
 */
export const merchantEventEffect = (
  merchantId: string,
  type: WebhookEventType,
  data: Record<string, unknown>,
  eventId: string,
): Effect => ({ type: 'merchant_event', merchantId, eventType: type, data, eventId });

export const webhookEffectHandlers: Record<string, EffectHandler> = {
  merchant_event: async (tx, effects) => {
    for (const e of effects as unknown as {
      merchantId: string;
      eventType: WebhookEventType;
      data: Record<string, unknown>;
      eventId: string;
    }[]) {
      await enqueueMerchantEvent(tx, e.merchantId, e.eventType, e.data, { eventId: e.eventId });
    }
  },
};

/** A stable event id derived from a name (e.g. the transfer it describes): `evt_` + 32 hex digits. */
export const eventIdFrom = (name: string) => `evt_${uuidFromName(name).replace(/-/g, '')}`;
