import { z } from 'zod';

/** Every event type a merchant can subscribe to (the money events arrive with orders and refunds). */
export const WEBHOOK_EVENT_TYPES = [
  'merchant.ping',
  'payment.received',
  'order.paid',
  'refund.succeeded',
  'settlement.paid',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const MAX_OVERLAP_SECONDS = 7 * 24 * 3600;
export const DEFAULT_OVERLAP_SECONDS = 24 * 3600;

export const ZCreateWebhook = z.strictObject({
  url: z
    .string()
    .max(2048)
    .describe('Where events are POSTed: an https:// URL (http://127.0.0.1 or localhost only in development)'),
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES))
    .max(WEBHOOK_EVENT_TYPES.length)
    .optional()
    .describe('The event types to deliver here; omitted or empty = all of them'),
});

export const ZWebhook = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).describe('Empty = all event types'),
  createdAt: z.string(),
  deletedAt: z.string().nullable(),
  secretRotatedAt: z.string().nullable(),
  previousSecretExpiresAt: z
    .string()
    .nullable()
    .describe('While set and in the future, deliveries are signed with the previous secret too'),
});
export const ZWebhookList = z.object({ items: z.array(ZWebhook) });
export const ZWebhookCreated = z.object({
  webhook: ZWebhook,
  secret: z.string().describe('The signing secret (whsec_…): shown in this answer only, never again'),
});
export const ZRotateWebhookSecret = z.strictObject({
  overlapSeconds: z
    .number()
    .int()
    .min(0)
    .max(MAX_OVERLAP_SECONDS)
    .default(DEFAULT_OVERLAP_SECONDS)
    .describe('How long deliveries are also signed with the old secret (default 24 h, at most 7 days)'),
});
export const ZWebhookParams = z.object({ merchantId: z.uuid(), webhookId: z.uuid() });
export const ZDeliveryParams = z.object({ merchantId: z.uuid(), webhookId: z.uuid(), deliveryId: z.uuid() });

export const ZWebhookAttempt = z.object({
  at: z.string(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
});
export const ZWebhookDelivery = z.object({
  id: z.string(),
  eventId: z.string().describe('Stable across retries and re-sends: receivers deduplicate on it'),
  eventType: z.string(),
  status: z.enum(['pending', 'delivered', 'failed', 'cancelled']),
  attempts: z.array(ZWebhookAttempt),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});
export const ZWebhookDeliveryList = z.object({ items: z.array(ZWebhookDelivery) });
export const ZWebhookTestSent = z.object({ eventId: z.string(), deliveryId: z.string() });

export type TCreateWebhook = z.infer<typeof ZCreateWebhook>;
export type TWebhook = z.infer<typeof ZWebhook>;
export type TWebhookDelivery = z.infer<typeof ZWebhookDelivery>;
