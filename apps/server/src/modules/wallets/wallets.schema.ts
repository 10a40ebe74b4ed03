import { z } from 'zod';
import { ZText } from '../../platform/http/text.ts';

export const ZMoney = z.object({
  amount: z.string().describe('Decimal string in major units, e.g. "12.34"'),
  currency: z.string().describe('ISO 4217 code, e.g. CNY'),
});

export const ZLimits = z.object({
  balanceCap: ZMoney.nullable(),
  singleLimit: ZMoney.nullable(),
  dailyLimit: ZMoney.nullable(),
  annualLimit: ZMoney.nullable(),
  usedToday: ZMoney,
  usedThisYear: ZMoney,
});

export const ZBalance = z.object({
  currency: z.string(),
  available: z.string().describe('What can be spent now'),
  posted: z.string(),
  pendingIncoming: z.string(),
  pendingOutgoing: z.string(),
});

export const ZWallet = z.object({
  id: z.string(),
  tier: z.number().int(),
  tierName: z.string(),
  status: z.enum(['active', 'frozen', 'closed']),
  balances: z.array(ZBalance),
  limits: ZLimits,
  createdAt: z.string(),
});

export const ZWalletParams = z.object({ walletId: z.uuid() });

export const ZHistoryQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional()
    .describe('nextCursor from the previous page'),
  direction: z.enum(['in', 'out']).optional(),
  kind: z.enum(['p2p', 'topup', 'withdrawal', 'adjustment']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  minAmount: z.string().max(24).optional(),
  maxAmount: z.string().max(24).optional(),
  q: ZText(50).optional().describe('Search in notes and counterparty names'),
});

export const ZHistoryItem = z.object({
  id: z.string(),
  kind: z.enum(['p2p', 'topup', 'withdrawal', 'adjustment', 'other']),
  direction: z.enum(['in', 'out']),
  amount: ZMoney,
  status: z.enum(['completed', 'pending', 'held', 'cancelled', 'expired']),
  counterparty: z.object({ name: z.string().nullable(), walletId: z.string().nullable() }),
  note: z.string().nullable(),
  createdAt: z.string(),
});

export const ZHistoryPage = z.object({ items: z.array(ZHistoryItem), nextCursor: z.string().nullable() });

export const ZTransactionParams = z.object({ walletId: z.uuid(), transactionId: z.uuid() });

export const ZSummaryQuery = z.strictObject({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional()
    .describe('YYYY-MM; the current month in Asia/Shanghai when left out'),
});

const ZInOut = z.object({ in: z.string(), out: z.string() });

export const ZMonthSummary = z.object({
  month: z.string().describe('YYYY-MM'),
  timeZone: z.string().describe('The days and the month are counted in this zone (Asia/Shanghai)'),
  currency: z.string(),
  totalIn: ZMoney,
  totalOut: ZMoney,
  countIn: z.number().int(),
  countOut: z.number().int(),
  days: z
    .array(ZInOut.extend({ date: z.string().describe('YYYY-MM-DD') }))
    .describe('Every day of the month, in order; decimal strings in `currency`'),
  byKind: z.array(ZInOut.extend({ kind: z.enum(['p2p', 'topup', 'withdrawal', 'adjustment', 'other']) })),
});
