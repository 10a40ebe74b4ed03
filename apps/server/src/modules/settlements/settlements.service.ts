import { toDecimalString } from '@yinbao/money';
import type pg from 'pg';
import { listSettlements, type SettlementRow } from './settlements.repository.ts';
import type { TSettlement, TSettlementQuery } from './settlements.schema.ts';

export function settlementView(s: SettlementRow): TSettlement {
  const m = (v: bigint) => ({ amount: toDecimalString(v, 'CNY'), currency: s.currency });
  return {
    id: s.id,
    merchantId: s.merchantId,
    businessDate: s.businessDate,
    status: s.status,
    gross: m(s.gross),
    refunds: m(s.refunds),
    mdrBps: s.mdrBps,
    fee: m(s.fee),
    net: m(s.net),
    bankAccount: { bankName: s.bankName, masked: `•••• ${s.bankLast4}` },
    feeTransferId: s.feeTransferId,
    payoutTransferId: s.payoutTransferId,
    cutoffAt: s.cutoffAt.toISOString(),
    createdAt: s.createdAt.toISOString(),
  };
}

/** Reading settlements; who may read a merchant's is the caller's (routes) business. */
export function createSettlementsService(deps: { pool: pg.Pool }) {
  return {
    async list(merchantId: string, q: TSettlementQuery) {
      const rows = await listSettlements(deps.pool, merchantId, { before: q.before, limit: q.limit });
      return {
        items: rows.map(settlementView),
        nextCursor: rows.length === q.limit ? rows[rows.length - 1]!.businessDate : null,
      };
    },
  };
}

export type SettlementsService = ReturnType<typeof createSettlementsService>;
