import type { ErrorTable } from '../../platform/errors.ts';

export type KycError =
  | 'INVALID_ID_NUMBER'
  | 'ID_ALREADY_USED'
  | 'KYC_ALREADY_VERIFIED'
  | 'KYC_IDENTITY_FIRST'
  | 'KYC_REVOKED'
  | 'CARD_NOT_FOUND'
  | 'CARD_NAME_MISMATCH'
  | 'WALLET_NOT_FOUND'
  | 'INVALID_SELFIE'
  | 'SELFIE_TOO_LARGE'
  | 'FACE_ALREADY_VERIFIED'
  | 'FACE_CHECK_IN_REVIEW'
  | 'FACE_CHECK_IN_PROGRESS'
  | 'FACE_CHECK_BLOCKED'
  | 'FACE_CHECK_CLOSED'
  | 'FACE_NOT_MATCHED'
  | 'LIVENESS_FAILED'
  | 'FACE_CHECK_UNAVAILABLE'
  | 'FACE_CHECK_UNVERIFIABLE';

export type KycReviewError =
  | 'REVIEW_NOT_FOUND'
  | 'REVIEW_ALREADY_DECIDED'
  | 'INVALID_STAFF_ID'
  | 'INVALID_REASON'
  | 'INVALID_CURSOR'
  | 'KYC_NOT_VERIFIED'
  | 'KYC_REVOKED'
  | 'WALLET_NOT_FOUND';

export const kycErrors: ErrorTable<KycError> = {
  INVALID_ID_NUMBER: {
    status: 400,
    message: 'This is not a valid resident identity number; check the 18 characters',
  },
  ID_ALREADY_USED: { status: 409, message: 'This identity is already verified for another wallet' },
  KYC_ALREADY_VERIFIED: { status: 409, message: 'Your identity is already verified' },
  KYC_IDENTITY_FIRST: { status: 409, message: 'Verify your identity first' },
  KYC_REVOKED: {
    status: 403,
    message: 'Your identity verification was withdrawn by the bank; please contact customer service',
  },
  CARD_NOT_FOUND: { status: 404, message: 'No such card' },
  CARD_NAME_MISMATCH: { status: 422, message: 'The card is not in the same name as your verified identity' },
  WALLET_NOT_FOUND: { status: 404, message: 'No such wallet' },
  INVALID_SELFIE: { status: 400, message: 'The selfie must be a base64-encoded image' },
  SELFIE_TOO_LARGE: { status: 413, message: 'The selfie is too large (at most 32 KiB)' },
  FACE_ALREADY_VERIFIED: { status: 409, message: 'Your face check is already done' },
  FACE_CHECK_IN_REVIEW: { status: 409, message: 'Your last face check is being reviewed by the bank' },
  FACE_CHECK_IN_PROGRESS: { status: 409, message: 'A face check is already running; wait for its answer' },
  FACE_CHECK_BLOCKED: {
    status: 429,
    message: 'Too many failed face checks: try again after a day',
  },
  FACE_CHECK_CLOSED: {
    status: 403,
    message: 'The bank turned down your face check; please verify in person at a branch',
  },
  FACE_NOT_MATCHED: { status: 422, message: 'The selfie does not match the photo of your identity card' },
  LIVENESS_FAILED: { status: 422, message: 'We could not confirm a live person; take a new selfie' },
  FACE_CHECK_UNAVAILABLE: {
    status: 503,
    message: 'Identity verification is not available right now; nothing was changed, try again later',
  },
  FACE_CHECK_UNVERIFIABLE: {
    status: 502,
    message: 'The identity-verification answer could not be authenticated; nothing was changed',
  },
};

/** For the staff routes (built elsewhere): how review-service failures map to HTTP. */
export const kycReviewErrors: ErrorTable<KycReviewError> = {
  REVIEW_NOT_FOUND: { status: 404, message: 'No such review case' },
  REVIEW_ALREADY_DECIDED: { status: 409, message: 'This review case is already decided' },
  INVALID_STAFF_ID: { status: 400, message: 'Not a valid staff id' },
  INVALID_REASON: { status: 400, message: 'Give a reason of 1–500 characters' },
  INVALID_CURSOR: { status: 400, message: 'Not a valid cursor' },
  KYC_NOT_VERIFIED: { status: 404, message: 'This customer has no verified identity' },
  KYC_REVOKED: { status: 409, message: "This customer's identity verification is already revoked" },
  WALLET_NOT_FOUND: { status: 404, message: 'No such wallet' },
};
