import type { ErrorTable } from '../../platform/errors.ts';

export type SecurityError =
  | 'PIN_FORMAT'
  | 'PIN_TOO_SIMPLE'
  | 'INVALID_CREDENTIALS'
  | 'STEP_UP_REQUIRED'
  | 'STEP_UP_FAILED'
  | 'STEP_UP_MISMATCH'
  | 'STEP_UP_EXPIRED'
  | 'PIN_LOCKED'
  | 'PASSKEY_LOCKED'
  | 'OTP_LOCKED'
  | 'SMS_UNAVAILABLE'
  | 'TOTP_NOT_STARTED'
  | 'TOTP_CODE_WRONG'
  | 'CHALLENGE_NOT_FOUND'
  | 'TOO_MANY_CODES';

export const securityErrors: ErrorTable<SecurityError> = {
  PIN_FORMAT: { status: 400, message: 'The payment PIN is six digits' },
  PIN_TOO_SIMPLE: {
    status: 400,
    message: 'Choose a PIN that is harder to guess (no 123456, 111111, 121212 or your phone number)',
  },
  INVALID_CREDENTIALS: { status: 403, message: 'The login password is not correct' },
  STEP_UP_REQUIRED: {
    status: 403,
    message: 'Confirm this payment: send the same request again with stepUp {challengeId, pin}',
    final: false,
  },
  STEP_UP_FAILED: { status: 403, message: 'The confirmation was not correct', final: false },
  STEP_UP_MISMATCH: {
    status: 403,
    message: 'The confirmation was for a different amount or payee; start the payment again',
  },
  STEP_UP_EXPIRED: {
    status: 403,
    message: 'The confirmation expired or was already used; start the payment again',
  },
  CHALLENGE_NOT_FOUND: { status: 404, message: 'No such confirmation request' },
  TOTP_NOT_STARTED: { status: 409, message: 'Start the authenticator set-up first' },
  TOTP_CODE_WRONG: {
    status: 400,
    message: 'That code is not right; check the time on your phone and try the next code',
  },
  SMS_UNAVAILABLE: {
    status: 503,
    message: 'The text message could not be sent; use your PIN or try again later',
  },
  TOO_MANY_CODES: {
    status: 429,
    message: 'A code was sent moments ago (at most three per confirmation); wait a minute',
  },
  PIN_LOCKED: {
    status: 403,
    message: 'Your payment PIN is locked after too many wrong tries; set a new PIN with your login password',
    // Like the other factor locks: the same payment may be confirmed another way under the same key.
    final: false,
  },
  OTP_LOCKED: {
    status: 403,
    message:
      'Too many wrong codes in a row: this kind of code is blocked (set up the authenticator app again, or wait a day for texted codes); confirm another way',
    // The same payment may be confirmed another way under the same Idempotency-Key.
    final: false,
  },
  PASSKEY_LOCKED: {
    status: 403,
    message:
      'Your passkeys are locked after too many failed checks; confirm another way and add a passkey again with your login password',
    final: false,
  },
};

/** The step-up answers every money flow can give, for the flows' own error tables. */
export const stepUpErrors = {
  STEP_UP_REQUIRED: securityErrors.STEP_UP_REQUIRED,
  STEP_UP_FAILED: securityErrors.STEP_UP_FAILED,
  STEP_UP_MISMATCH: securityErrors.STEP_UP_MISMATCH,
  STEP_UP_EXPIRED: securityErrors.STEP_UP_EXPIRED,
  OTP_LOCKED: securityErrors.OTP_LOCKED,
  PIN_LOCKED: securityErrors.PIN_LOCKED,
  PASSKEY_LOCKED: securityErrors.PASSKEY_LOCKED,
};
export type StepUpError = keyof typeof stepUpErrors;
