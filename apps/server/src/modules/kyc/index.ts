export { kycRoutes } from './kyc.routes.ts';
export { createKycService, type KycError, type KycService } from './kyc.service.ts';
export { checkResidentId } from './resident-id.ts';
