export {
  type AuthorizeOutcome,
  type CardNetworkClient,
  createCardNetworkClient,
  type NetworkAuthorization,
  verifyCallbackSignature,
} from './card-network.client.ts';
export { cardOperationRoutes } from './card-operations.routes.ts';
export {
  type CardBreak,
  type CardReconciliation,
  compareCardRecords,
  reconcileCardNetwork,
} from './card-reconciliation.ts';
export {
  cardEffectHandlers,
  expireOperationEffect,
  insertOperationEffect,
  resolveOperationEffect,
} from './cards.effects.ts';
export {
  type CallbackError,
  type CardError,
  type CardOperationError,
  callbackErrors,
  cardErrors,
  cardOperationErrors,
} from './cards.errors.ts';
export { CARD_OPERATION_TOPICS, type OperationFacts, operationEvent } from './cards.events.ts';
export { cardRoutes } from './cards.routes.ts';
export {
  type TCardNetworkCallback,
  type TCardOperation,
  type TCreateCardOperation,
  ZCardNetworkCallback,
} from './cards.schema.ts';
export {
  type CardRow,
  type CardsService,
  createCardsService,
  type OperationKind,
  type OperationRow,
} from './cards.service.ts';
export { cardLabel } from './pan.ts';
