import type { ErrorTable } from '../../platform/errors.ts';
import type { MerchantError } from '../merchants/index.ts';

export type WebhookError =
  | Extract<MerchantError, 'MERCHANT_NOT_FOUND' | 'MERCHANT_ROLE_FORBIDDEN' | 'MERCHANT_CLOSED'>
  | 'INVALID_WEBHOOK_URL'
  | 'TOO_MANY_WEBHOOKS'
  | 'WEBHOOK_NOT_FOUND'
  | 'WEBHOOK_DELETED'
  | 'DELIVERY_NOT_FOUND';

export const webhookErrors: ErrorTable<WebhookError> = {
  MERCHANT_NOT_FOUND: { status: 404, message: 'No such merchant' },
  MERCHANT_ROLE_FORBIDDEN: {
    status: 403,
    message: "Only the merchant's owners can manage its users, API keys and settings",
  },
  MERCHANT_CLOSED: { status: 409, message: 'This merchant was rejected or suspended: nothing can be added' },
  INVALID_WEBHOOK_URL: {
    status: 400,
    message: 'The webhook URL must be an https:// URL without user name or password',
  },
  TOO_MANY_WEBHOOKS: { status: 409, message: 'A merchant has at most 16 webhook endpoints' },
  WEBHOOK_NOT_FOUND: { status: 404, message: 'No such webhook endpoint' },
  WEBHOOK_DELETED: { status: 409, message: 'This webhook endpoint was deleted' },
  DELIVERY_NOT_FOUND: { status: 404, message: 'No such webhook delivery' },
};
