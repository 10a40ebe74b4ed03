import { z } from 'zod';
import { isDate } from './business-day.ts';

const ZMoney = z.object({ amount: z.string(), currency: z.string() });

export const ZSettlement = z.object({
  id: z.string(),
  merchantId: z.string(),
  businessDate: z.string().describe('YYYY-MM-DD, Asia/Shanghai'),
  status: z.enum(['paid', 'nothing_to_settle']),
  gross: ZMoney.describe('Money received on the day'),
  refunds: ZMoney.describe('Money that left the account on the day, settlements aside'),
  mdrBps: z.number().int().describe('Merchant discount rate in basis points (38 = 0.38 %)'),
  fee: ZMoney.describe('MDR fee: gross × mdrBps / 10000, rounded half up, at most what was settled'),
  net: ZMoney.describe('Paid to the settlement bank account'),
  bankAccount: z.object({ bankName: z.string(), masked: z.string().describe('e.g. •••• 0123') }),
  feeTransferId: z.string().nullable(),
  payoutTransferId: z.string().nullable(),
  cutoffAt: z.string(),
  createdAt: z.string(),
});
export type TSettlement = z.infer<typeof ZSettlement>;

export const ZSettlementList = z.object({
  items: z.array(ZSettlement),
  nextCursor: z.string().nullable().describe('Pass as `before` for older days'),
});

export const ZSettlementQuery = z.strictObject({
  before: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    // A calendar day: '2024-13-45' is refused here (400), not by the database (it failed as a 503).
    .refine(isDate, 'not a calendar date')
    .optional()
    .describe('Only business days before this one (YYYY-MM-DD): the previous page’s nextCursor'),
  limit: z.coerce.number().int().min(1).max(100).default(100),
});
export type TSettlementQuery = z.infer<typeof ZSettlementQuery>;
