export { newPayCode, PAY_CODE_PATTERN, PAY_CODE_TTL_SECONDS, payCodeHash } from './pay-code.ts';
export { type PayCodeError, payCodeErrors } from './pay-codes.errors.ts';
export type { PayCodeRow } from './pay-codes.repository.ts';
export { payCodeRoutes } from './pay-codes.routes.ts';
export { createPayCodesService, type PayCodesService } from './pay-codes.service.ts';
