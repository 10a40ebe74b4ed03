import type { ErrorTable } from '../../platform/errors.ts';
import { type StepUpError, stepUpErrors } from '../security/index.ts';

export type CardError =
  | 'INVALID_PAN'
  | 'INVALID_EXPIRY'
  | 'CARD_EXPIRED'
  | 'CARD_REJECTED'
  | 'CARD_ALREADY_BOUND'
  | 'CARD_NOT_FOUND'
  | 'CARD_HAS_PENDING_OPERATION'
  | 'CARD_NETWORK_UNAVAILABLE';

export type CardOperationError =
  | StepUpError
  | 'CARD_NOT_FOUND'
  | 'WALLET_NOT_FOUND'
  | 'WALLET_FROZEN'
  | 'INVALID_AMOUNT'
  | 'UNSUPPORTED_CURRENCY'
  | 'INSUFFICIENT_FUNDS'
  | 'BALANCE_CAP_EXCEEDED'
  | 'SINGLE_LIMIT_EXCEEDED'
  | 'DAILY_LIMIT_EXCEEDED'
  | 'ANNUAL_LIMIT_EXCEEDED'
  | 'PAYMENT_DENIED'
  | 'PAYMENT_HELD_FOR_REVIEW'
  | 'IDEMPOTENCY_CONFLICT'
  | 'OPERATION_NOT_FOUND';

export type CallbackError =
  | 'INVALID_SIGNATURE'
  | 'INVALID_CALLBACK'
  | 'OPERATION_NOT_FOUND'
  | 'CALLBACK_MISMATCH'
  | 'CALLBACK_CONFLICT'
  | 'CARD_NETWORK_UNAVAILABLE';

export const cardErrors: ErrorTable<CardError> = {
  INVALID_PAN: { status: 400, message: 'The card number is not valid; check the digits' },
  INVALID_EXPIRY: { status: 400, message: 'Enter the expiry date as MM/YY' },
  CARD_EXPIRED: { status: 400, message: 'This card has expired' },
  CARD_REJECTED: { status: 422, message: 'The card issuer did not accept this card' },
  CARD_ALREADY_BOUND: { status: 409, message: 'This card is already linked to your wallet' },
  CARD_NOT_FOUND: { status: 404, message: 'No such card' },
  CARD_HAS_PENDING_OPERATION: {
    status: 409,
    message: 'A top-up or withdrawal with this card is still in progress; try again when it has finished',
  },
  CARD_NETWORK_UNAVAILABLE: { status: 503, message: 'The card network is not reachable; try again later' },
};

export const cardOperationErrors: ErrorTable<CardOperationError> = {
  ...stepUpErrors,
  CARD_NOT_FOUND: { status: 404, message: 'No such card' },
  WALLET_NOT_FOUND: { status: 404, message: 'No wallet was found' },
  WALLET_FROZEN: { status: 403, message: 'Your wallet is frozen: outgoing payments are blocked' },
  INVALID_AMOUNT: { status: 400, message: 'The amount is not valid' },
  UNSUPPORTED_CURRENCY: { status: 400, message: 'Cards top up and withdraw in CNY for now' },
  INSUFFICIENT_FUNDS: { status: 422, message: 'Your balance is not enough for this withdrawal' },
  BALANCE_CAP_EXCEEDED: {
    status: 422,
    message: "This top-up would take your balance over your wallet tier's limit",
  },
  SINGLE_LIMIT_EXCEEDED: { status: 422, message: 'This is more than your wallet tier allows in one payment' },
  DAILY_LIMIT_EXCEEDED: { status: 422, message: "This would go over your wallet tier's daily limit" },
  ANNUAL_LIMIT_EXCEEDED: { status: 422, message: "This would go over your wallet tier's annual limit" },
  PAYMENT_DENIED: {
    status: 403,
    message: 'This withdrawal was refused by our risk checks; contact customer service',
  },
  PAYMENT_HELD_FOR_REVIEW: {
    status: 403,
    message: 'This withdrawal needs a review by our risk team; nothing was taken from your wallet',
  },
  IDEMPOTENCY_CONFLICT: {
    status: 409,
    message: 'This request id was already used for a different operation',
  },
  OPERATION_NOT_FOUND: { status: 404, message: 'No such operation' },
};

export const callbackErrors: ErrorTable<CallbackError> = {
  INVALID_SIGNATURE: { status: 401, message: 'The signature is missing or not valid' },
  INVALID_CALLBACK: { status: 400, message: 'The callback body is not valid' },
  OPERATION_NOT_FOUND: { status: 404, message: 'No such operation' },
  CALLBACK_MISMATCH: { status: 422, message: 'The callback does not match the operation' },
  CALLBACK_CONFLICT: { status: 409, message: 'The operation was already resolved the other way' },
  CARD_NETWORK_UNAVAILABLE: { status: 503, message: 'Could not reach the card network; retry' },
};
