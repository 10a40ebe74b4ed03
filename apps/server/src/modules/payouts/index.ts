export { type PayoutError, payoutErrors } from './payouts.errors.ts';
export { type PayoutRecipient, payingMerchant, recipients } from './payouts.repository.ts';
export { type PayoutRouteDeps, payoutRoutes } from './payouts.routes.ts';
export {
  MAX_PAYOUT_ITEMS,
  PAYOUT_BODY_LIMIT,
  type PayoutItemCode,
  type TPayoutBatch,
  type TPayoutBatchResult,
  type TPayoutResult,
  ZPayoutBatch,
} from './payouts.schema.ts';

/** The recipient's "money received" event (in-app notification), written with the money. */
export const PAYOUT_RECEIVED_TOPIC = 'merchant.payout_received';
export const PAYOUT_TOPICS = [PAYOUT_RECEIVED_TOPIC] as const;
