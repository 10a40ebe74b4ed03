import type { Effect, EffectHandler } from '../../platform/effects.ts';
import { insertSettlement, type SettlementRow } from './settlements.repository.ts';

/** Attached to a day's settlement transfers: the commit hook writes its row in the posting transaction. */
export const settlementRowEffect = (row: SettlementRow): Effect => ({ type: 'merchant_settlement', row });

export const settlementEffectHandlers: Record<string, EffectHandler> = {
  merchant_settlement: async (tx, effects) => {
    for (const e of effects) await insertSettlement(tx, (e as unknown as { row: SettlementRow }).row);
  },
};

/** Outbox topic of a paid settlement (a notification to each owner). */
export const SETTLEMENT_TOPICS = ['merchant.settlement_paid'] as const;
