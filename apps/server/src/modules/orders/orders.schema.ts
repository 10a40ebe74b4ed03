import { z } from 'zod';
import { ZText } from '../../platform/http/text.ts';
import { ZStepUp } from '../security/index.ts';
import { ZMoney } from '../wallets/wallets.schema.ts';

export const ORDER_STATUSES = ['open', 'paid', 'expired', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** A merchant's own reference for an order or a refund: 1 to 64 printable ASCII characters. */
const ZReference = z
  .string()
  .regex(/^[\x20-\x7E]{1,64}$/, 'A reference is 1 to 64 printable ASCII characters');

const ZAmountIn = z.strictObject({ amount: z.string().max(40), currency: z.string().max(8) });

export const ZOrderParams = z.object({ orderId: z.uuid() });
export const ZMerchantOrderParams = z.object({ merchantId: z.uuid(), orderId: z.uuid() });

export const ZCreateOrder = z.strictObject({
  amount: ZAmountIn.describe('The amount to pay, in CNY'),
  reference: ZReference.describe("The merchant's own order reference: creating it again is idempotent"),
  description: ZText(500).optional().describe('What the customer is paying for, shown on the pay page'),
  expiresInSeconds: z.number().int().min(60).max(86400).default(900),
  returnUrl: z
    .string()
    .max(2048)
    .optional()
    .describe('Where the hosted page sends the customer afterwards: https (http://localhost in development)'),
});

export const ZOrder = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.enum(ORDER_STATUSES),
  amount: ZMoney,
  refunded: ZMoney,
  refundable: ZMoney,
  description: z.string().nullable(),
  returnUrl: z.string().nullable(),
  checkoutUrl: z.string().describe('The hosted pay page to send the customer to'),
  expiresAt: z.string(),
  paidAt: z.string().nullable(),
  createdAt: z.string(),
  paymentId: z.string().nullable().describe('The ledger transfer of the payment, once paid'),
});
export const ZOrderList = z.object({ items: z.array(ZOrder), nextCursor: z.string().nullable() });

export const ZOrderQuery = z.strictObject({
  status: z.enum(ORDER_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.uuid().optional().describe('The `nextCursor` of the previous page'),
});

export const ZCheckout = z.object({
  orderId: z.string(),
  merchant: z.object({
    id: z.string(),
    name: z.string(),
    category: z.object({ code: z.string(), name: z.string(), nameZh: z.string() }),
  }),
  amount: ZMoney,
  description: z.string().nullable(),
  status: z.enum(ORDER_STATUSES),
  expiresAt: z.string(),
  returnUrl: z.string().nullable(),
});

export const ZCheckoutPay = z.strictObject({
  stepUp: ZStepUp.optional().describe(
    'After STEP_UP_REQUIRED: the same request again with the challenge id and the proof',
  ),
});

export const ZOrderPayment = z.object({
  id: z.string().describe('The ledger transfer id (it appears in the wallet history)'),
  status: z.literal('completed'),
  orderId: z.string(),
  amount: ZMoney,
  merchant: z.object({ id: z.string(), name: z.string() }),
  reference: z.string(),
  returnUrl: z.string().nullable(),
  createdAt: z.string(),
});

export const ZCreateRefund = z.strictObject({
  amount: ZAmountIn.describe('How much to give back (at most what is still refundable)'),
  reference: ZReference.describe("The merchant's own refund reference: sending it again is idempotent"),
  reason: ZText(500).optional(),
});

export const ZRefund = z.object({
  id: z.string().describe('The ledger transfer id of the refund'),
  orderId: z.string(),
  reference: z.string(),
  status: z.literal('succeeded'),
  amount: ZMoney,
  reason: z.string().nullable(),
  createdAt: z.string(),
});
export const ZRefundList = z.object({ items: z.array(ZRefund) });

export type TCreateOrder = z.infer<typeof ZCreateOrder>;
export type TOrder = z.infer<typeof ZOrder>;
export type TOrderQuery = z.infer<typeof ZOrderQuery>;
export type TCheckout = z.infer<typeof ZCheckout>;
export type TCheckoutPay = z.infer<typeof ZCheckoutPay>;
export type TOrderPayment = z.infer<typeof ZOrderPayment>;
export type TCreateRefund = z.infer<typeof ZCreateRefund>;
export type TRefund = z.infer<typeof ZRefund>;
