import type { ErrorTable } from '../../platform/errors.ts';
import { type NfcTapError, nfcTapErrors } from '../nfc/index.ts';
import { type StepUpError, stepUpErrors } from '../security/index.ts';

export type PosPaymentError =
  | StepUpError
  | NfcTapError
  | 'MERCHANT_NOT_FOUND'
  | 'MERCHANT_NOT_ACTIVE'
  | 'PAY_CODE_INVALID'
  | 'PAY_CODE_LIMIT_EXCEEDED'
  | 'PAY_CODE_DAILY_LIMIT_EXCEEDED'
  | 'INVALID_AMOUNT'
  | 'UNSUPPORTED_CURRENCY'
  | 'WALLET_FROZEN'
  | 'INSUFFICIENT_FUNDS'
  | 'SINGLE_LIMIT_EXCEEDED'
  | 'DAILY_LIMIT_EXCEEDED'
  | 'ANNUAL_LIMIT_EXCEEDED'
  | 'MERCHANT_CANNOT_RECEIVE'
  | 'PAYMENT_DENIED'
  | 'REFERENCE_CONFLICT'
  | 'POS_PAYMENT_NOT_FOUND'
  | 'POS_PAYMENT_NOT_AWAITING';

export const posPaymentErrors: ErrorTable<PosPaymentError> = {
  ...stepUpErrors,
  ...nfcTapErrors,
  MERCHANT_NOT_FOUND: { status: 404, message: 'No such merchant' },
  MERCHANT_NOT_ACTIVE: { status: 409, message: 'This merchant is not active: it cannot take payments' },
  PAY_CODE_INVALID: {
    status: 400,
    message: 'This payment code is not valid (wrong, expired or already used): ask for a new one',
  },
  PAY_CODE_LIMIT_EXCEEDED: {
    status: 422,
    message: 'This is more than one payment code or tap may take: pay another way',
  },
  PAY_CODE_DAILY_LIMIT_EXCEEDED: {
    status: 422,
    message: "This would go over the customer's daily limit for payment codes and taps",
  },
  INVALID_AMOUNT: { status: 400, message: 'The amount is not valid' },
  UNSUPPORTED_CURRENCY: { status: 400, message: 'POS payments are in CNY' },
  WALLET_FROZEN: { status: 403, message: "The customer's wallet cannot pay (frozen)" },
  INSUFFICIENT_FUNDS: { status: 422, message: "The customer's balance is not enough for this payment" },
  SINGLE_LIMIT_EXCEEDED: {
    status: 422,
    message: "This is more than the customer's tier allows in one payment",
  },
  DAILY_LIMIT_EXCEEDED: { status: 422, message: "This would go over the customer's daily limit" },
  ANNUAL_LIMIT_EXCEEDED: { status: 422, message: "This would go over the customer's annual limit" },
  MERCHANT_CANNOT_RECEIVE: { status: 422, message: "The merchant's account cannot receive this payment" },
  PAYMENT_DENIED: { status: 403, message: 'This payment was refused by our risk checks' },
  REFERENCE_CONFLICT: {
    status: 409,
    message: 'This reference was already used for a different payment of this merchant',
  },
  POS_PAYMENT_NOT_FOUND: { status: 404, message: 'No such POS payment' },
  POS_PAYMENT_NOT_AWAITING: {
    status: 409,
    message: 'This payment no longer waits for the customer (confirmed, declined or expired)',
  },
};
