import type { ErrorTable } from '../../platform/errors.ts';

export type PayCodeError = 'DEVICE_REQUIRED' | 'WALLET_NOT_FOUND' | 'WALLET_FROZEN';

export const payCodeErrors: ErrorTable<PayCodeError> = {
  DEVICE_REQUIRED: {
    status: 409,
    message: 'Sign in again from this device to show a payment code (the session has no device)',
  },
  WALLET_NOT_FOUND: { status: 404, message: 'No wallet' },
  WALLET_FROZEN: { status: 403, message: 'Your wallet is frozen: outgoing payments are blocked' },
};
