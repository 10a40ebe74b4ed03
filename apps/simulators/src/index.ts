export { SIGNATURE_HEADER, signPayload, verifySignature } from '@yinbao/signature';
export type { CallbackPayload, RetryPolicy } from './card-network/callbacks.ts';
export { DEFAULT_RETRY_POLICY } from './card-network/callbacks.ts';
export type { CardBrand, DeclineReason, Scenario } from './card-network/cards.ts';
export {
  bankNameOf,
  brandOf,
  DEFAULT_CARD_BALANCE,
  isExpired,
  isValidPan,
  SCENARIO_BY_LAST4,
  scenarioOf,
  TEST_CARD_EXPIRY,
  TEST_CARDS,
} from './card-network/cards.ts';
export type { AuthorizeResult, ReverseResult, VerifyResult } from './card-network/engine.ts';
export type {
  CardNetworkSimulator,
  CardNetworkSimulatorOptions,
  StartedCardNetworkSimulator,
} from './card-network/server.ts';
export { createCardNetworkSimulator, startCardNetworkSimulator } from './card-network/server.ts';
export type {
  AuthorizationStatus,
  AuthorizationType,
  AuthorizationView,
  CallbackAttempt,
  CardNetworkState,
} from './card-network/state.ts';
export type { FaceScenario, FaceVerdict } from './identity/scenarios.ts';
export { DEFAULT_REVIEW_FROM, DEFAULT_THRESHOLD } from './identity/scenarios.ts';
export {
  MAX_FACE_CHECK_REFERENCE_LENGTH,
  MAX_SELFIE_BASE64_LENGTH,
  MAX_SELFIE_BYTES,
} from './identity/schemas.ts';
export type {
  IdentitySimulator,
  IdentitySimulatorOptions,
  StartedIdentitySimulator,
} from './identity/server.ts';
export { createIdentitySimulator, startIdentitySimulator } from './identity/server.ts';
export type { FaceCheckFaults, FaceCheckRecord } from './identity/state.ts';
export { IdentityState } from './identity/state.ts';
export { type NfcTap, type PhoneAlgorithm, SimulatedPhone, tapSigningBytes } from './pos/phone.ts';
export {
  createPosSimulator,
  type PosCharge,
  type PosChargeResult,
  type PosSimulator,
  type PosSimulatorOptions,
  type StartedPosSimulator,
  startPosSimulator,
} from './pos/server.ts';
export type { ShopConfig } from './shop/routes.ts';
export type { ShopSimulator, ShopSimulatorOptions, StartedShopSimulator } from './shop/server.ts';
export { createShopSimulator, startShopSimulator } from './shop/server.ts';
export type { Product, ReceivedEvent, ShopOrder } from './shop/state.ts';
export { PRODUCTS, ShopState } from './shop/state.ts';
export { extractCode } from './sms/code.ts';
export type { HttpSmsGatewayOptions, SmsGateway, SmsSendResult } from './sms/gateway.ts';
export { createHttpSmsGateway, DEFAULT_SMS_TIMEOUT_MS } from './sms/gateway.ts';
export { MAX_REFERENCE_LENGTH, MAX_TEXT_LENGTH, PHONE_NUMBER_PATTERN } from './sms/schemas.ts';
export type { SmsSimulator, SmsSimulatorOptions, StartedSmsSimulator } from './sms/server.ts';
export { createSmsSimulator, startSmsSimulator } from './sms/server.ts';
export type { ListMessagesOptions, SmsMessage } from './sms/state.ts';
export { SmsState } from './sms/state.ts';
