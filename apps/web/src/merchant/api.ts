import { client, type Money, unwrap } from '../api.ts';

/** The merchant portal's calls: merchants you own or work at, QR codes, API keys, webhooks, team. */
export type MerchantStatus = 'pending_review' | 'active' | 'rejected' | 'suspended';
export type MerchantRole = 'owner' | 'cashier';
export type Merchant = {
  id: string;
  businessName: string;
  category: { code: string; name: string; nameZh: string };
  status: MerchantStatus;
  rejectReason: string | null;
  settlement: { kind: 'card' | 'bank_account'; bankName: string; last4: string };
  contact: { phone: string; email: string };
  role?: MerchantRole;
  createdAt: string;
  reviewedAt: string | null;
};
export type Application = {
  businessName: string;
  mcc: string;
  settlement: { kind: 'bank_account'; bankName: string; accountNumber: string };
  contact: { phone: string; email: string };
};
export type QrCode = {
  id: string;
  merchantId: string;
  kind: 'static' | 'dynamic';
  status: 'active' | 'paid' | 'expired' | 'disabled';
  amount: Money | null;
  reference: string | null;
  expiresAt: string | null;
  paidTransferId: string | null;
  payload: string;
  createdAt: string;
};
export type NewQrCode =
  | { kind: 'static' }
  | { kind: 'dynamic'; amount: string; reference?: string; expiresInSeconds: number };

export const API_KEY_SCOPES = ['orders:write', 'orders:read', 'refunds:write', 'webhooks:read'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
export type ApiKey = {
  id: string;
  prefix: string;
  name: string;
  scopes: ApiKeyScope[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  status: 'active' | 'expiring' | 'expired' | 'revoked';
};

export const WEBHOOK_EVENTS = [
  'merchant.ping',
  'payment.received',
  'order.paid',
  'refund.succeeded',
  'settlement.paid',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export type Webhook = {
  id: string;
  url: string;
  events: WebhookEvent[];
  createdAt: string;
  deletedAt: string | null;
  secretRotatedAt: string | null;
  previousSecretExpiresAt: string | null;
};
export type Delivery = {
  id: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed' | 'cancelled';
  attempts: { at: string; statusCode: number | null; error: string | null; durationMs: number | null }[];
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
};
export type MerchantUser = {
  id: string;
  maskedPhone: string;
  displayName: string;
  role: MerchantRole;
  addedAt: string;
};

const m = (merchantId: string) => ({ params: { path: { merchantId } } });
const w = (merchantId: string, webhookId: string) => ({ params: { path: { merchantId, webhookId } } });

export const merchantApi = {
  mine: async (): Promise<Merchant[]> => (await unwrap(client.GET('/v1/me/merchants'))).items as Merchant[],
  get: (merchantId: string): Promise<Merchant> =>
    unwrap(client.GET('/v1/merchants/{merchantId}', m(merchantId))) as Promise<Merchant>,
  apply: (body: Application): Promise<Merchant> =>
    unwrap(client.POST('/v1/merchants', { body })) as Promise<Merchant>,

  qrCodes: async (merchantId: string): Promise<QrCode[]> =>
    (await unwrap(client.GET('/v1/merchants/{merchantId}/qr-codes', m(merchantId)))).items as QrCode[],
  createQrCode: (merchantId: string, body: NewQrCode): Promise<QrCode> =>
    unwrap(client.POST('/v1/merchants/{merchantId}/qr-codes', { ...m(merchantId), body })) as Promise<QrCode>,
  disableQrCode: (merchantId: string, qrCodeId: string): Promise<QrCode> =>
    unwrap(
      client.POST('/v1/merchants/{merchantId}/qr-codes/{qrCodeId}/disable', {
        params: { path: { merchantId, qrCodeId } },
      }),
    ) as Promise<QrCode>,

  apiKeys: async (merchantId: string): Promise<ApiKey[]> =>
    (await unwrap(client.GET('/v1/merchants/{merchantId}/api-keys', m(merchantId)))).items as ApiKey[],
  createApiKey: (merchantId: string, body: { name: string; scopes: ApiKeyScope[] }) =>
    unwrap(client.POST('/v1/merchants/{merchantId}/api-keys', { ...m(merchantId), body })) as Promise<{
      apiKey: ApiKey;
      key: string;
    }>,
  rotateApiKey: (merchantId: string, keyId: string, overlapSeconds: number) =>
    unwrap(
      client.POST('/v1/merchants/{merchantId}/api-keys/{keyId}/rotate', {
        params: { path: { merchantId, keyId } },
        body: { overlapSeconds },
      }),
    ) as Promise<{ apiKey: ApiKey; key: string }>,
  revokeApiKey: (merchantId: string, keyId: string): Promise<ApiKey> =>
    unwrap(
      client.POST('/v1/merchants/{merchantId}/api-keys/{keyId}/revoke', {
        params: { path: { merchantId, keyId } },
      }),
    ) as Promise<ApiKey>,

  webhooks: async (merchantId: string): Promise<Webhook[]> =>
    (await unwrap(client.GET('/v1/merchants/{merchantId}/webhooks', m(merchantId)))).items as Webhook[],
  addWebhook: (merchantId: string, body: { url: string; events: WebhookEvent[] }) =>
    unwrap(client.POST('/v1/merchants/{merchantId}/webhooks', { ...m(merchantId), body })) as Promise<{
      webhook: Webhook;
      secret: string;
    }>,
  deleteWebhook: (merchantId: string, webhookId: string) =>
    unwrap(client.DELETE('/v1/merchants/{merchantId}/webhooks/{webhookId}', w(merchantId, webhookId))),
  rotateWebhookSecret: (merchantId: string, webhookId: string, overlapSeconds: number) =>
    unwrap(
      client.POST('/v1/merchants/{merchantId}/webhooks/{webhookId}/rotate-secret', {
        ...w(merchantId, webhookId),
        body: { overlapSeconds },
      }),
    ) as Promise<{ webhook: Webhook; secret: string }>,
  testWebhook: (merchantId: string, webhookId: string) =>
    unwrap(
      client.POST('/v1/merchants/{merchantId}/webhooks/{webhookId}/test', w(merchantId, webhookId)),
    ) as Promise<{ eventId: string; deliveryId: string }>,
  deliveries: async (merchantId: string, webhookId: string): Promise<Delivery[]> =>
    (
      await unwrap(
        client.GET('/v1/merchants/{merchantId}/webhooks/{webhookId}/deliveries', w(merchantId, webhookId)),
      )
    ).items as Delivery[],
  resend: (merchantId: string, webhookId: string, deliveryId: string) =>
    unwrap(
      client.POST('/v1/merchants/{merchantId}/webhooks/{webhookId}/deliveries/{deliveryId}/resend', {
        params: { path: { merchantId, webhookId, deliveryId } },
      }),
    ) as Promise<Delivery>,

  users: async (merchantId: string): Promise<MerchantUser[]> =>
    (await unwrap(client.GET('/v1/merchants/{merchantId}/users', m(merchantId)))).items as MerchantUser[],
  addUser: (merchantId: string, body: { phone: string; role: MerchantRole }): Promise<MerchantUser> =>
    unwrap(
      client.POST('/v1/merchants/{merchantId}/users', { ...m(merchantId), body }),
    ) as Promise<MerchantUser>,
  removeUser: (merchantId: string, userId: string) =>
    unwrap(
      client.DELETE('/v1/merchants/{merchantId}/users/{userId}', {
        params: { path: { merchantId, userId } },
      }),
    ),
};
