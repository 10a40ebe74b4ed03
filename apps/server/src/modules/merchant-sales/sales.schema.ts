import { z } from 'zod';
import { isDate } from '../settlements/business-day.ts';

const ZMoney = z.object({ amount: z.string(), currency: z.string() });
const ZDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(isDate, 'not a calendar date');

export const ZSalesQuery = z.strictObject({
  from: ZDate.optional().describe('First day, YYYY-MM-DD (Asia/Shanghai); default: 29 days before `to`'),
  to: ZDate.optional().describe('Last day, YYYY-MM-DD (Asia/Shanghai); default: today'),
});
export type TSalesQuery = z.infer<typeof ZSalesQuery>;

export const ZSalesDay = z.object({
  date: z.string().describe('YYYY-MM-DD, Asia/Shanghai'),
  count: z.number().int().describe('Payments received on the day, any method'),
  gross: ZMoney.describe('Money received on the day'),
  refunds: ZMoney.describe('Money refunded on the day'),
});

export const ZSales = z.object({
  currency: z.string(),
  from: z.string(),
  to: z.string(),
  days: z.array(ZSalesDay).describe('Every day from `from` to `to`, oldest first (zeros included)'),
  totals: z.object({ count: z.number().int(), gross: ZMoney, refunds: ZMoney, net: ZMoney }),
});
export type TSales = z.infer<typeof ZSales>;

export const PAYMENT_METHODS = ['qr', 'pay_code', 'nfc', 'order'] as const;

export const ZMerchantPayment = z.object({
  id: z.string().describe('The ledger transfer id'),
  method: z.enum(PAYMENT_METHODS),
  amount: ZMoney,
  reference: z.string().nullable(),
  orderId: z.string().nullable().describe('The online order paid (method order)'),
  payerMasked: z.string().describe('The payer’s display name, masked (张伟 → *伟)'),
  createdAt: z.string(),
});
export type TMerchantPayment = z.infer<typeof ZMerchantPayment>;

export const ZPaymentsQuery = z.strictObject({
  cursor: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional()
    .describe('The previous page’s nextCursor'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type TPaymentsQuery = z.infer<typeof ZPaymentsQuery>;

export const ZPaymentList = z.object({
  items: z.array(ZMerchantPayment),
  nextCursor: z.string().nullable(),
});
