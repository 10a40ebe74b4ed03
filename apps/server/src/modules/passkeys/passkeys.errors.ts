import type { ErrorTable } from '../../platform/errors.ts';

export type PasskeyError =
  | 'INVALID_CREDENTIALS'
  | 'PASSKEY_REQUEST_EXPIRED'
  | 'PASSKEY_INVALID'
  | 'PASSKEY_ALREADY_REGISTERED'
  | 'TOO_MANY_PASSKEYS'
  | 'PASSKEY_NOT_FOUND'
  | 'PASSKEY_REJECTED';

export const passkeyErrors: ErrorTable<PasskeyError> = {
  INVALID_CREDENTIALS: { status: 403, message: 'The login password is not correct' },
  PASSKEY_REQUEST_EXPIRED: {
    status: 400,
    message: 'The passkey request expired or was already used; ask for new options and try again',
  },
  PASSKEY_INVALID: { status: 400, message: 'The passkey could not be verified; try again on this device' },
  PASSKEY_ALREADY_REGISTERED: { status: 409, message: 'This passkey is already registered' },
  TOO_MANY_PASSKEYS: { status: 409, message: 'At most ten passkeys: remove one you no longer use first' },
  PASSKEY_NOT_FOUND: { status: 404, message: 'No such passkey' },
  // One answer for every failed passkey sign-in: unknown credential, bad signature, locked factor.
  PASSKEY_REJECTED: { status: 401, message: 'The passkey was not accepted; sign in with your password' },
};
