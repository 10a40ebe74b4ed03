import type { ErrorTable } from '../../platform/errors.ts';

export type NfcKeyError = 'DEVICE_REQUIRED' | 'NFC_KEY_INVALID' | 'NFC_KEY_NOT_FOUND';
export type NfcTapError = 'NFC_TAP_INVALID' | 'NFC_COUNTER_REPLAYED' | 'NFC_TAP_STALE';

export const nfcKeyErrors: ErrorTable<NfcKeyError> = {
  DEVICE_REQUIRED: {
    status: 409,
    message: 'Sign in again from this device to register a key (the session has no device)',
  },
  NFC_KEY_INVALID: { status: 400, message: 'The public key is not a key of that algorithm' },
  NFC_KEY_NOT_FOUND: { status: 404, message: 'No such NFC key' },
};

export const nfcTapErrors: ErrorTable<NfcTapError> = {
  NFC_TAP_INVALID: {
    status: 400,
    message: 'The tap is not signed by an active key of this customer for this merchant',
  },
  NFC_COUNTER_REPLAYED: {
    status: 409,
    message: 'This tap (or a later one) was already used: tap the phone again',
  },
  NFC_TAP_STALE: { status: 400, message: 'The tap is more than 60 seconds old (or ahead): tap again' },
};
