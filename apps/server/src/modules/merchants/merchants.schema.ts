import { z } from 'zod';
import { ZText } from '../../platform/http/text.ts';
import { API_KEY_SCOPES } from './api-key.ts';

export const MERCHANT_STATUSES = ['pending_review', 'active', 'rejected', 'suspended'] as const;
export const MERCHANT_ROLES = ['cashier', 'owner'] as const;

const ZSettlementCard = z.strictObject({
  kind: z.literal('card'),
  cardId: z.uuid().describe('One of your linked cards (GET /v1/cards)'),
});
const ZSettlementBankAccount = z.strictObject({
  kind: z.literal('bank_account'),
  bankName: ZText(64, 2),
  accountNumber: z
    .string()
    .max(40)
    .describe('8–30 digits (spaces allowed); stored encrypted, answered as the last four only'),
});

export const ZCreateMerchant = z.strictObject({
  businessName: ZText(64, 2).describe('As customers will see it, e.g. 张记面馆'),
  mcc: z.string().max(8).describe('Merchant category code (ISO 18245), e.g. 5812 restaurants'),
  settlement: z
    .discriminatedUnion('kind', [ZSettlementCard, ZSettlementBankAccount])
    .describe('Where settlements are paid: a linked card of yours, or a bank account'),
  contact: z.strictObject({
    phone: z.string().max(20).describe('Mainland mobile number; stored encrypted, answered masked'),
    email: z.string().max(254).describe('Stored encrypted, answered masked'),
  }),
});

export const ZMerchant = z.object({
  id: z.string(),
  businessName: z.string(),
  category: z.object({ code: z.string(), name: z.string(), nameZh: z.string() }),
  status: z.enum(MERCHANT_STATUSES),
  rejectReason: z.string().nullable(),
  settlement: z.object({
    kind: z.enum(['card', 'bank_account']),
    bankName: z.string(),
    last4: z.string(),
  }),
  contact: z.object({ phone: z.string(), email: z.string() }),
  /** The caller's role at this merchant (customer answers only). */
  role: z.enum(MERCHANT_ROLES).optional(),
  createdAt: z.string(),
  reviewedAt: z.string().nullable(),
});

export const ZMerchantList = z.object({ items: z.array(ZMerchant) });
export const ZMerchantParams = z.object({ merchantId: z.uuid() });

export const ZAddMerchantUser = z.strictObject({
  phone: z.string().max(20).describe('The phone number of an existing Yinbao customer'),
  role: z.enum(MERCHANT_ROLES),
});
export const ZMerchantUser = z.object({
  id: z.string(),
  maskedPhone: z.string(),
  displayName: z.string(),
  role: z.enum(MERCHANT_ROLES),
  addedAt: z.string(),
});
export const ZMerchantUserList = z.object({ items: z.array(ZMerchantUser) });
export const ZMerchantUserParams = z.object({ merchantId: z.uuid(), userId: z.uuid() });

export const ZCreateApiKey = z.strictObject({
  name: ZText(64, 1).describe('What the key is for, e.g. "shop backend"'),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1).max(API_KEY_SCOPES.length),
});
export const ZApiKey = z.object({
  id: z.string(),
  prefix: z.string().describe('The public part of the key, e.g. ybk_live_abcdefghijkl'),
  name: z.string(),
  scopes: z.array(z.enum(API_KEY_SCOPES)),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  status: z.enum(['active', 'expiring', 'expired', 'revoked']),
});
export const ZApiKeyList = z.object({ items: z.array(ZApiKey) });
export const ZApiKeyCreated = z.object({
  apiKey: ZApiKey,
  key: z.string().describe('The whole key: shown this once, never again'),
});
export const ZApiKeyParams = z.object({ merchantId: z.uuid(), keyId: z.uuid() });
export const ZRotateApiKey = z.strictObject({
  overlapSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600)
    .default(0)
    .describe('How long the old key keeps working (0 = revoked at once; at most 7 days)'),
});

export const ZStaffMerchantQuery = z.strictObject({
  status: z.enum(MERCHANT_STATUSES).default('pending_review'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.uuid().optional(),
});
export const ZRejectMerchant = z.strictObject({ reason: ZText(500, 3) });

export const ZMerchantSelf = z.object({
  merchant: z.object({
    id: z.string(),
    businessName: z.string(),
    category: z.object({ code: z.string(), name: z.string(), nameZh: z.string() }),
    status: z.enum(MERCHANT_STATUSES),
  }),
  key: z.object({ prefix: z.string(), name: z.string(), scopes: z.array(z.enum(API_KEY_SCOPES)) }),
});

export type TCreateMerchant = z.infer<typeof ZCreateMerchant>;
export type TMerchant = z.infer<typeof ZMerchant>;
export type TMerchantUser = z.infer<typeof ZMerchantUser>;
export type TApiKey = z.infer<typeof ZApiKey>;
export type TCreateApiKey = z.infer<typeof ZCreateApiKey>;
export type MerchantStatus = (typeof MERCHANT_STATUSES)[number];
export type MerchantRole = (typeof MERCHANT_ROLES)[number];
