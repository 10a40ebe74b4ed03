export { businessDateOf, dayBounds, isDate, mdrFee, nextDate, SETTLEMENT_TIME_ZONE } from './business-day.ts';
export { SETTLEMENT_TOPICS, settlementEffectHandlers, settlementRowEffect } from './settlement-effects.ts';
export {
  dayFigures,
  insertEmptySettlement,
  type SettlementRow,
  type SettlingMerchant,
  settlementExists,
  settlingMerchants,
} from './settlements.repository.ts';
export { settlementRoutes } from './settlements.routes.ts';
export { ZSettlement, ZSettlementList, ZSettlementQuery } from './settlements.schema.ts';
export { createSettlementsService, type SettlementsService, settlementView } from './settlements.service.ts';
