export { JITTER, nextAttemptAt, RETRY_SCHEDULE_SECONDS } from './backoff.ts';
export {
  createWebhookWorker,
  EVENT_ID_HEADER,
  EVENT_TYPE_HEADER,
  type WebhookWorker,
} from './delivery-worker.ts';
export {
  type EnqueuedEvent,
  enqueueMerchantEvent,
  eventIdFrom,
  merchantEventEffect,
  newEventId,
  webhookEffectHandlers,
} from './events.ts';
export { checkWebhookUrl } from './webhook-url.ts';
export { type WebhookError, webhookErrors } from './webhooks.errors.ts';
export { webhookRoutes } from './webhooks.routes.ts';
export { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './webhooks.schema.ts';
export { createWebhooksService, newWebhookSecret, type WebhooksService } from './webhooks.service.ts';
