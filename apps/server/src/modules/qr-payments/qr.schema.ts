import { z } from 'zod';
import { ZStepUp } from '../security/index.ts';
import { ZMoney } from '../wallets/wallets.schema.ts';

/** A dynamic code lives at most 24 hours. */
export const MAX_QR_TTL_SECONDS = 24 * 3600;

export const ZQrCodeParams = z.object({ merchantId: z.uuid(), qrCodeId: z.uuid() });

export const ZCreateQrCode = z.union([
  z.strictObject({ kind: z.literal('static') }),
  z.strictObject({
    kind: z.literal('dynamic'),
    amount: z.string().max(40).describe('The fixed amount in CNY, e.g. "36.50"'),
    reference: z
      .string()
      .regex(/^[\x20-\x7E]{1,25}$/, 'The order reference is 1 to 25 printable ASCII characters')
      .optional()
      .describe("The merchant's order reference (EMVCo 62.05)"),
    expiresInSeconds: z.number().int().min(60).max(MAX_QR_TTL_SECONDS).default(900),
  }),
]);

export const ZQrCode = z.object({
  id: z.string(),
  merchantId: z.string(),
  kind: z.enum(['static', 'dynamic']),
  status: z.enum(['active', 'paid', 'expired', 'disabled']),
  amount: ZMoney.nullable(),
  reference: z.string().nullable(),
  expiresAt: z.string().nullable(),
  paidTransferId: z.string().nullable(),
  payload: z.string().describe('The EMVCo merchant-presented payload: the text to put in the QR symbol'),
  createdAt: z.string(),
});
export const ZQrCodeList = z.object({ items: z.array(ZQrCode) });

export const ZQrResolve = z.strictObject({ payload: z.string().min(1).max(512) });

export const ZQrResolved = z.object({
  qrCodeId: z.string(),
  merchant: z.object({
    id: z.string(),
    name: z.string(),
    city: z.string(),
    category: z.object({ code: z.string(), name: z.string(), nameZh: z.string() }),
  }),
  fixedAmount: z.boolean(),
  amount: ZMoney.nullable(),
  reference: z.string().nullable(),
  expiresAt: z.string().nullable(),
});

export const ZQrPay = z.strictObject({
  payload: z.string().min(1).max(512),
  amount: z
    .strictObject({ amount: z.string().max(40), currency: z.string().max(8) })
    .optional()
    .describe('Static codes only: the amount the customer typed (refused for a dynamic code)'),
  stepUp: ZStepUp.optional().describe(
    'After STEP_UP_REQUIRED: the same request again with the challenge id and the proof',
  ),
});

export const ZQrPayment = z.object({
  id: z.string().describe('The ledger transfer id (it appears in the wallet history)'),
  status: z.literal('completed'),
  amount: ZMoney,
  merchant: z.object({ id: z.string(), name: z.string() }),
  qrCodeId: z.string(),
  reference: z.string().nullable(),
  createdAt: z.string(),
});

export type TCreateQrCode = z.infer<typeof ZCreateQrCode>;
export type TQrCode = z.infer<typeof ZQrCode>;
export type TQrResolved = z.infer<typeof ZQrResolved>;
export type TQrPay = z.infer<typeof ZQrPay>;
export type TQrPayment = z.infer<typeof ZQrPayment>;
