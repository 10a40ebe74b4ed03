import { z } from 'zod';
import { ZText } from '../../platform/http/text.ts';

/** Items per request: one ledger event, inside the engine's 8,190 transfers per transaction. */
export const MAX_PAYOUT_ITEMS = 8000;
/**
 * The route's body limit. An item is at most ≈ 600 bytes of JSON (a 64-character reference, a
 * wallet id, an amount and a 64-character note written as \u escapes): 8,000 of them fit.
 */
export const PAYOUT_BODY_LIMIT = 5 * 1024 * 1024;

export const PAYOUT_STATUSES = ['created', 'exists', 'failed'] as const;

/** Why one payout of a batch was not made; the rest of the batch is unaffected. */
export const PAYOUT_ITEM_CODES = [
  'RECIPIENT_NOT_FOUND',
  'RECIPIENT_CANNOT_RECEIVE',
  'RECIPIENT_BALANCE_CAP_EXCEEDED',
  'INSUFFICIENT_FUNDS',
  'PAYOUT_REFERENCE_REUSED',
  'MERCHANT_CANNOT_PAY',
  /** Any other refusal of the ledger (not expected). */
  'PAYOUT_REFUSED',
] as const;
export type PayoutItemCode = (typeof PAYOUT_ITEM_CODES)[number];

const ZReference = z
  .string()
  .regex(/^[\x20-\x7E]{1,64}$/, 'A reference is 1 to 64 printable ASCII characters');

export const ZPayoutItem = z.strictObject({
  reference: ZReference.describe(
    "The merchant's own id of this payout, unique within the request: paying it again is idempotent",
  ),
  to: z.strictObject({ walletId: z.uuid() }).describe("The customer's wallet"),
  amount: z
    .strictObject({ amount: z.string().max(40), currency: z.string().max(8) })
    .describe('A positive amount in CNY, e.g. {"amount": "12.34", "currency": "CNY"}'),
  note: ZText(64).optional().describe("Shown in the recipient's history and notification"),
});

export const ZPayoutBatch = z.strictObject({
  items: z.array(ZPayoutItem).min(1).max(MAX_PAYOUT_ITEMS),
});
export type TPayoutBatch = z.infer<typeof ZPayoutBatch>;

export const ZPayoutResult = z.object({
  reference: z.string(),
  status: z.enum(PAYOUT_STATUSES),
  transferId: z.string().optional().describe('The ledger transfer (created or exists)'),
  code: z.enum(PAYOUT_ITEM_CODES).optional().describe('Why it failed'),
});
export type TPayoutResult = z.infer<typeof ZPayoutResult>;

export const ZPayoutBatchResult = z.object({
  results: z.array(ZPayoutResult).describe('One per item, in request order'),
  created: z.number().int().describe('Items paid by this request'),
  failed: z
    .number()
    .int()
    .describe('Items not paid (see each code); items that already existed count in neither'),
});
export type TPayoutBatchResult = z.infer<typeof ZPayoutBatchResult>;
