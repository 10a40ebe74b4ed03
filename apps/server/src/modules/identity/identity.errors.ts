import type { ErrorTable } from '../../platform/errors.ts';

export type IdentityError =
  | 'INVALID_PHONE'
  | 'PHONE_TAKEN'
  | 'WEAK_PASSWORD'
  | 'INVALID_CREDENTIALS'
  | 'TOO_MANY_ATTEMPTS'
  | 'VERIFICATION_REQUIRED'
  | 'VERIFICATION_FAILED'
  | 'SMS_UNAVAILABLE'
  | 'INVALID_DEVICE_ID';

export const identityErrors: ErrorTable<IdentityError> = {
  INVALID_PHONE: { status: 400, message: 'Enter a mainland China mobile number (11 digits starting with 1)' },
  PHONE_TAKEN: { status: 409, message: 'This phone number already has a wallet; sign in instead' },
  WEAK_PASSWORD: {
    status: 400,
    message:
      'Choose a password of at least 8 characters that is not common and does not contain your phone number',
  },
  INVALID_CREDENTIALS: { status: 401, message: 'The phone number or password is not correct' },
  TOO_MANY_ATTEMPTS: { status: 429, message: 'Too many wrong attempts: wait a while, then try again' },
  VERIFICATION_REQUIRED: {
    status: 400,
    message:
      'Verify the phone number first (POST /v1/auth/signup/verify-phone), then send verificationId and the texted code',
  },
  // One answer for every way a verification can fail, including a number that already has a wallet.
  VERIFICATION_FAILED: {
    status: 400,
    message: 'The code is not correct or no longer valid: ask for a new one and try again',
  },
  SMS_UNAVAILABLE: { status: 503, message: 'Text messages cannot be sent right now: try again shortly' },
  INVALID_DEVICE_ID: {
    status: 400,
    message: 'X-Device-Id must be 16–128 printable ASCII characters (a random id the app keeps)',
  },
};
