import type { ErrorTable } from '../../platform/errors.ts';
import { type StepUpError, stepUpErrors } from '../security/index.ts';

export type QrCodeError =
  | 'MERCHANT_NOT_FOUND'
  | 'MERCHANT_ROLE_FORBIDDEN'
  | 'MERCHANT_NOT_ACTIVE'
  | 'INVALID_AMOUNT'
  | 'QR_CODE_NOT_FOUND'
  | 'QR_NOT_DISABLEABLE';

export type QrPaymentError =
  | StepUpError
  | 'QR_INVALID'
  | 'QR_NOT_SUPPORTED'
  | 'QR_EXPIRED'
  | 'QR_DISABLED'
  | 'QR_ALREADY_PAID'
  | 'MERCHANT_NOT_ACTIVE'
  | 'AMOUNT_REQUIRED'
  | 'AMOUNT_FIXED'
  | 'INVALID_AMOUNT'
  | 'UNSUPPORTED_CURRENCY'
  | 'WALLET_NOT_FOUND'
  | 'WALLET_FROZEN'
  | 'INSUFFICIENT_FUNDS'
  | 'SINGLE_LIMIT_EXCEEDED'
  | 'DAILY_LIMIT_EXCEEDED'
  | 'ANNUAL_LIMIT_EXCEEDED'
  | 'STATIC_QR_LIMIT_EXCEEDED'
  | 'MERCHANT_CANNOT_RECEIVE'
  | 'PAYMENT_DENIED'
  | 'IDEMPOTENCY_CONFLICT';

export const qrCodeErrors: ErrorTable<QrCodeError> = {
  MERCHANT_NOT_FOUND: { status: 404, message: 'No such merchant' },
  MERCHANT_ROLE_FORBIDDEN: {
    status: 403,
    message: "Only the merchant's owners can create or disable its QR codes",
  },
  MERCHANT_NOT_ACTIVE: { status: 409, message: 'This merchant is not active: it cannot take payments' },
  INVALID_AMOUNT: { status: 400, message: 'The amount is not valid' },
  QR_CODE_NOT_FOUND: { status: 404, message: 'No such QR code' },
  QR_NOT_DISABLEABLE: { status: 409, message: 'This QR code was already paid' },
};

export const qrPaymentErrors: ErrorTable<QrPaymentError> = {
  ...stepUpErrors,
  QR_INVALID: { status: 400, message: 'This QR code cannot be read or was not issued by a Yinbao merchant' },
  QR_NOT_SUPPORTED: {
    status: 422,
    message: "This QR code is another payment scheme's: Yinbao cannot pay it",
  },
  QR_EXPIRED: { status: 410, message: 'This QR code has expired: ask the merchant for a new one' },
  QR_DISABLED: { status: 410, message: 'The merchant has disabled this QR code' },
  QR_ALREADY_PAID: { status: 409, message: 'This QR code was already paid' },
  MERCHANT_NOT_ACTIVE: { status: 409, message: 'This merchant is not active: it cannot take payments' },
  AMOUNT_REQUIRED: { status: 400, message: 'Enter the amount to pay' },
  AMOUNT_FIXED: { status: 400, message: "This code's amount is fixed by the merchant: send no amount" },
  INVALID_AMOUNT: { status: 400, message: 'The amount is not valid' },
  UNSUPPORTED_CURRENCY: { status: 400, message: 'QR payments are in CNY' },
  WALLET_NOT_FOUND: { status: 404, message: 'No wallet' },
  WALLET_FROZEN: { status: 403, message: 'Your wallet is frozen: outgoing payments are blocked' },
  INSUFFICIENT_FUNDS: { status: 422, message: 'Your balance is not enough for this payment; top up first' },
  SINGLE_LIMIT_EXCEEDED: { status: 422, message: 'This is more than your wallet tier allows in one payment' },
  DAILY_LIMIT_EXCEEDED: { status: 422, message: "This would go over your wallet tier's daily limit" },
  ANNUAL_LIMIT_EXCEEDED: { status: 422, message: "This would go over your wallet tier's annual limit" },
  STATIC_QR_LIMIT_EXCEEDED: {
    status: 422,
    message: 'This would go over the daily limit for codes where you type the amount',
  },
  MERCHANT_CANNOT_RECEIVE: { status: 422, message: "The merchant's account cannot receive this payment" },
  PAYMENT_DENIED: {
    status: 403,
    message: 'This payment was refused by our risk checks; contact customer service',
  },
  IDEMPOTENCY_CONFLICT: { status: 409, message: 'This request id was already used for a different payment' },
};
