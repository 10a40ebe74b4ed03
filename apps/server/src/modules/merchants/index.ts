export { API_KEY_SCOPES, type ApiKeyScope, newApiKey, parseApiKey } from './api-key.ts';
export { type ApiKeysService, createApiKeysService, type MerchantPrincipal } from './api-keys.service.ts';
export { isMcc, MCC_TABLE, type Mcc, mccInfo } from './mcc.ts';
export { merchantApiRoutes } from './merchant-api.routes.ts';
export {
  createMerchantReviewService,
  MERCHANT_CURRENCIES,
  MERCHANT_TOPICS,
  type MerchantReviewService,
} from './merchant-review.service.ts';
export {
  type MerchantError,
  type MerchantReviewError,
  merchantErrors,
  merchantReviewErrors,
} from './merchants.errors.ts';
export { merchantRoutes } from './merchants.routes.ts';
export type { TCreateMerchant, TMerchant } from './merchants.schema.ts';
export { createMerchantsService, type MerchantPeople, type MerchantsService } from './merchants.service.ts';
export { staffMerchantRoutes } from './staff-merchants.routes.ts';
