import { randomBytes } from 'node:crypto';
import { uuidv7 } from '@yinbao/ledger';
import type pg from 'pg';
import { audit } from '../../platform/audit.ts';
import { AAD } from '../../platform/encrypted-fields.ts';
import { err, ok, type Result } from '../../platform/errors.ts';
import type { Vault } from '../../platform/secrets.ts';
import { inTransaction } from '../../platform/sql.ts';
import type { MerchantsService } from '../merchants/index.ts';
import { enqueueMerchantEvent } from './events.ts';
import { checkWebhookUrl } from './webhook-url.ts';
import type { WebhookError } from './webhooks.errors.ts';
import * as repo from './webhooks.repository.ts';
import type { TCreateWebhook, TWebhook, TWebhookDelivery } from './webhooks.schema.ts';

export const MAX_WEBHOOKS_PER_MERCHANT = 16;

/** A signing secret: `whsec_` and 32 random bytes, base64url. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

/**
 * Merchant webhook endpoints, managed by the merchant's owners: register (the secret is answered
 * once and stored encrypted), list, delete, rotate the secret with an overlap, send a test event,
 * read the delivery log and re-send a delivery. Another merchant's endpoint or delivery answers
 * like a missing one.
 */
export function createWebhooksService(deps: {
  pool: pg.Pool;
  vault: Vault;
  merchants: Pick<MerchantsService, 'asOwner'>;
  allowHttpLocalhost: boolean;
  clock?: () => Date;
  /** Called after a commit that made a delivery due (wakes the worker). */
  onDue?: () => void;
}) {
  const { pool, vault } = deps;
  const clock = deps.clock ?? (() => new Date());
  const due = () => deps.onDue?.();

  async function views(db: pg.Pool | pg.PoolClient, rows: repo.EndpointRow[]): Promise<TWebhook[]> {
    const dates = await repo.secretDates(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => {
      const d = dates.get(r.id);
      return {
        id: r.id,
        url: r.url,
        events: r.events as TWebhook['events'],
        createdAt: r.createdAt.toISOString(),
        deletedAt: r.deletedAt?.toISOString() ?? null,
        secretRotatedAt: d?.rotatedAt?.toISOString() ?? null,
        previousSecretExpiresAt: d?.previousExpiresAt?.toISOString() ?? null,
      };
    });
  }
  const view = async (db: pg.Pool | pg.PoolClient, r: repo.EndpointRow) => (await views(db, [r]))[0]!;

  async function storeSecret(tx: pg.PoolClient, endpointId: string, now: Date): Promise<string> {
    const secret = newWebhookSecret();
    const id = uuidv7();
    await repo.insertSecret(tx, {
      id,
      endpointId,
      ciphertext: vault.encrypt(secret, AAD.webhookSecret(id)),
      keyId: vault.keyId,
      now,
    });
    return secret;
  }

  /** The owner's endpoint of this merchant (deleted ones included), or the failure to answer. */
  async function owned(
    customerId: string,
    merchantId: string,
    webhookId: string,
    db: pg.Pool | pg.PoolClient = pool,
    lock = false,
  ): Promise<Result<repo.EndpointRow, WebhookError>> {
    const owner = await deps.merchants.asOwner(customerId, merchantId, db);
    if (!owner.ok) return owner as Result<never, WebhookError>;
    const e = await repo.endpointById(db, webhookId, lock);
    return e && e.merchantId === merchantId ? ok(e) : err('WEBHOOK_NOT_FOUND');
  }

  async function deliveryViews(rows: repo.DeliveryRow[]): Promise<TWebhookDelivery[]> {
    const attempts = await repo.attemptsOf(
      pool,
      rows.map((r) => r.id),
    );
    return rows.map((d) => ({
      id: d.id,
      eventId: d.eventId,
      eventType: d.eventType,
      status: d.status,
      attempts: attempts
        .filter((a) => a.deliveryId === d.id)
        .map((a) => ({
          at: a.attemptedAt.toISOString(),
          statusCode: a.statusCode,
          error: a.error,
          durationMs: a.durationMs,
        })),
      nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
      createdAt: d.createdAt.toISOString(),
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
    }));
  }

  return {
    async create(
      customerId: string,
      merchantId: string,
      input: TCreateWebhook,
    ): Promise<Result<{ webhook: TWebhook; secret: string }, WebhookError>> {
      const owner = await deps.merchants.asOwner(customerId, merchantId);
      if (!owner.ok) return owner as Result<never, WebhookError>;
      if (owner.value.status === 'rejected' || owner.value.status === 'suspended')
        return err('MERCHANT_CLOSED');
      const url = checkWebhookUrl(input.url, deps.allowHttpLocalhost);
      if (!url) return err('INVALID_WEBHOOK_URL');
      return inTransaction(pool, async (tx) => {
        // One registration at a time per merchant, so the limit holds under concurrency.
        await tx.query('SELECT id FROM merchants WHERE id = $1 FOR UPDATE', [merchantId]);
        if ((await repo.liveEndpointsOf(tx, merchantId)).length >= MAX_WEBHOOKS_PER_MERCHANT)
          return err('TOO_MANY_WEBHOOKS');
        const now = clock();
        const row = await repo.insertEndpoint(tx, {
          id: uuidv7(),
          merchantId,
          url: url.href,
          events: [...new Set(input.events ?? [])],
          createdBy: customerId,
          now,
        });
        const secret = await storeSecret(tx, row.id, now);
        await audit(tx, {
          actor: `customer:${customerId}`,
          event: 'merchant.webhook_created',
          subject: merchantId,
          data: { webhookId: row.id, url: row.url, events: row.events },
        });
        return ok({ webhook: await view(tx, row), secret });
      });
    },

    async list(customerId: string, merchantId: string): Promise<Result<TWebhook[], WebhookError>> {
      const owner = await deps.merchants.asOwner(customerId, merchantId);
      if (!owner.ok) return owner as Result<never, WebhookError>;
      return ok(await views(pool, await repo.liveEndpointsOf(pool, merchantId)));
    },

    /** Deleted at once: nothing more is sent there (pending deliveries are cancelled). Idempotent. */
    async remove(
      customerId: string,
      merchantId: string,
      webhookId: string,
    ): Promise<Result<TWebhook, WebhookError>> {
      return inTransaction(pool, async (tx) => {
        const e = await owned(customerId, merchantId, webhookId, tx, true);
        if (!e.ok) return e;
        if (!e.value.deletedAt) {
          await repo.deleteEndpoint(tx, webhookId, clock());
          await audit(tx, {
            actor: `customer:${customerId}`,
            event: 'merchant.webhook_deleted',
            subject: merchantId,
            data: { webhookId },
          });
        }
        return ok(await view(tx, (await repo.endpointById(tx, webhookId))!));
      });
    },

    /**
     * A new secret, answered once. The previous one keeps signing deliveries (beside the new one)
     * until now + overlap, so the merchant can deploy the new secret without refusing any delivery.
     */
    async rotateSecret(
      customerId: string,
      merchantId: string,
      webhookId: string,
      overlapSeconds: number,
    ): Promise<Result<{ webhook: TWebhook; secret: string }, WebhookError>> {
      return inTransaction(pool, async (tx) => {
        const e = await owned(customerId, merchantId, webhookId, tx, true);
        if (!e.ok) return e;
        if (e.value.deletedAt) return err('WEBHOOK_DELETED');
        const now = clock();
        await repo.retireSecrets(tx, webhookId, new Date(now.getTime() + overlapSeconds * 1000));
        const secret = await storeSecret(tx, webhookId, now);
        await audit(tx, {
          actor: `customer:${customerId}`,
          event: 'merchant.webhook_secret_rotated',
          subject: merchantId,
          data: { webhookId, overlapSeconds },
        });
        return ok({ webhook: await view(tx, e.value), secret });
      });
    },

    /** Enqueues a `merchant.ping` event for this endpoint only. */
    async sendTest(
      customerId: string,
      merchantId: string,
      webhookId: string,
    ): Promise<Result<{ eventId: string; deliveryId: string }, WebhookError>> {
      const r = await inTransaction(pool, async (tx) => {
        const e = await owned(customerId, merchantId, webhookId, tx, true);
        if (!e.ok) return e;
        if (e.value.deletedAt) return err('WEBHOOK_DELETED');
        const sent = await enqueueMerchantEvent(
          tx,
          merchantId,
          'merchant.ping',
          { message: 'A test event from Yinbao', webhookId },
          { now: clock(), endpointId: webhookId },
        );
        return ok({ eventId: sent.eventId, deliveryId: sent.deliveryIds[0]! });
      });
      if (r.ok) due();
      return r;
    },

    /** The endpoint's deliveries, newest first (the latest 100), with every attempt. */
    async deliveries(
      customerId: string,
      merchantId: string,
      webhookId: string,
    ): Promise<Result<TWebhookDelivery[], WebhookError>> {
      const e = await owned(customerId, merchantId, webhookId);
      if (!e.ok) return e;
      return ok(await deliveryViews(await repo.deliveriesOf(pool, webhookId)));
    },

    /** A new attempt now: the same event id and the same bytes (delivered, failed or still pending). */
    async resend(
      customerId: string,
      merchantId: string,
      webhookId: string,
      deliveryId: string,
    ): Promise<Result<TWebhookDelivery, WebhookError>> {
      const r = await inTransaction(pool, async (tx) => {
        const e = await owned(customerId, merchantId, webhookId, tx, true);
        if (!e.ok) return e;
        const d = await repo.deliveryById(tx, deliveryId, true);
        if (!d || d.endpointId !== webhookId) return err('DELIVERY_NOT_FOUND' as const);
        if (e.value.deletedAt) return err('WEBHOOK_DELETED' as const);
        await repo.makeDue(tx, deliveryId, clock());
        await audit(tx, {
          actor: `customer:${customerId}`,
          event: 'merchant.webhook_resent',
          subject: merchantId,
          data: { webhookId, deliveryId, eventId: d.eventId },
        });
        return ok((await repo.deliveryById(tx, deliveryId))!);
      });
      if (!r.ok) return r;
      due();
      return ok((await deliveryViews([r.value]))[0]!);
    },
  };
}

export type WebhooksService = ReturnType<typeof createWebhooksService>;
