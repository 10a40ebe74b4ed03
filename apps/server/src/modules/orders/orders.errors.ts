import type { ErrorTable } from '../../platform/errors.ts';
import { type StepUpError, stepUpErrors } from '../security/index.ts';

export type OrderError =
  | 'MERCHANT_NOT_FOUND'
  | 'ORDER_NOT_FOUND'
  | 'INVALID_AMOUNT'
  | 'UNSUPPORTED_CURRENCY'
  | 'INVALID_RETURN_URL'
  | 'ORDER_REFERENCE_REUSED'
  | 'ORDER_NOT_CANCELLABLE';

export type OrderPaymentError =
  | StepUpError
  | 'ORDER_NOT_FOUND'
  | 'ORDER_ALREADY_PAID'
  | 'ORDER_EXPIRED'
  | 'ORDER_CANCELLED'
  | 'MERCHANT_NOT_ACTIVE'
  | 'WALLET_NOT_FOUND'
  | 'WALLET_FROZEN'
  | 'INSUFFICIENT_FUNDS'
  | 'SINGLE_LIMIT_EXCEEDED'
  | 'DAILY_LIMIT_EXCEEDED'
  | 'ANNUAL_LIMIT_EXCEEDED'
  | 'MERCHANT_CANNOT_RECEIVE'
  | 'PAYMENT_DENIED';

export type RefundError =
  | 'MERCHANT_NOT_FOUND'
  | 'MERCHANT_ROLE_FORBIDDEN'
  | 'ORDER_NOT_FOUND'
  | 'ORDER_NOT_PAID'
  | 'INVALID_AMOUNT'
  | 'UNSUPPORTED_CURRENCY'
  | 'REFUND_EXCEEDS_PAID'
  | 'MERCHANT_INSUFFICIENT_FUNDS'
  | 'PAYER_WALLET_CLOSED'
  | 'PAYER_WALLET_FULL'
  | 'REFUND_REFERENCE_REUSED';

const common = {
  MERCHANT_NOT_FOUND: { status: 404, message: 'No such merchant' },
  ORDER_NOT_FOUND: { status: 404, message: 'No such order' },
  INVALID_AMOUNT: { status: 400, message: 'The amount is not valid' },
  UNSUPPORTED_CURRENCY: { status: 400, message: 'Orders are in CNY' },
} as const;

export const orderErrors: ErrorTable<OrderError> = {
  ...common,
  INVALID_RETURN_URL: {
    status: 400,
    message: 'The return URL must be https (http://localhost only in development), without credentials',
  },
  ORDER_REFERENCE_REUSED: {
    status: 409,
    message: 'An order with this reference already exists with different details',
  },
  ORDER_NOT_CANCELLABLE: { status: 409, message: 'Only an open order can be cancelled' },
};

export const orderPaymentErrors: ErrorTable<OrderPaymentError> = {
  ...stepUpErrors,
  ORDER_NOT_FOUND: common.ORDER_NOT_FOUND,
  ORDER_ALREADY_PAID: { status: 409, message: 'This order was already paid' },
  ORDER_EXPIRED: { status: 409, message: 'This order has expired: ask the merchant for a new one' },
  ORDER_CANCELLED: { status: 409, message: 'The merchant cancelled this order' },
  MERCHANT_NOT_ACTIVE: { status: 409, message: 'This merchant is not active: it cannot take payments' },
  WALLET_NOT_FOUND: { status: 404, message: 'No wallet' },
  WALLET_FROZEN: { status: 403, message: 'Your wallet is frozen: outgoing payments are blocked' },
  INSUFFICIENT_FUNDS: { status: 422, message: 'Your balance is not enough for this payment; top up first' },
  SINGLE_LIMIT_EXCEEDED: { status: 422, message: 'This is more than your wallet tier allows in one payment' },
  DAILY_LIMIT_EXCEEDED: { status: 422, message: "This would go over your wallet tier's daily limit" },
  ANNUAL_LIMIT_EXCEEDED: { status: 422, message: "This would go over your wallet tier's annual limit" },
  MERCHANT_CANNOT_RECEIVE: { status: 422, message: "The merchant's account cannot receive this payment" },
  PAYMENT_DENIED: {
    status: 403,
    message: 'This payment was refused by our risk checks; contact customer service',
  },
};

export const refundErrors: ErrorTable<RefundError> = {
  ...common,
  MERCHANT_ROLE_FORBIDDEN: { status: 403, message: "Only the merchant's owners can refund" },
  ORDER_NOT_PAID: { status: 409, message: 'Only a paid order can be refunded' },
  REFUND_EXCEEDS_PAID: {
    status: 422,
    message: 'This would refund more than was paid for the order',
  },
  MERCHANT_INSUFFICIENT_FUNDS: {
    status: 422,
    message: "The merchant's account does not hold enough to pay this refund",
  },
  PAYER_WALLET_CLOSED: { status: 409, message: "The payer's wallet is closed: it cannot take a refund" },
  PAYER_WALLET_FULL: {
    status: 409,
    message:
      "The payer's wallet would go over its balance limit with this refund: nothing was refunded; try again later or refund less",
  },
  REFUND_REFERENCE_REUSED: {
    status: 409,
    message: 'A refund with this reference already exists with different details',
  },
};
