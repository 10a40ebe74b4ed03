export {
  createFaceCheckClient,
  type FaceCheckAnswer,
  type FaceCheckClient,
  type FaceCheckClientError,
  type FaceVerdict,
} from './face-check.client.ts';
export { MAX_SELFIE_BYTES } from './face-check.service.ts';
export { type KycError, kycErrors, kycReviewErrors } from './kyc.errors.ts';
export { kycRoutes } from './kyc.routes.ts';
export { createKycService, type KycService } from './kyc.service.ts';
export { KYC_TOPICS } from './kyc.store.ts';
export {
  createKycReviewService,
  type KycDecision,
  type KycReview,
  type KycReviewError,
  type KycReviewKind,
  type KycReviewService,
  type KycReviewStatus,
} from './kyc-review.service.ts';
export { checkResidentId } from './resident-id.ts';
