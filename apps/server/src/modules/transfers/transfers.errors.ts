import type { ErrorTable } from '../../platform/errors.ts';
import { type StepUpError, stepUpErrors } from '../security/index.ts';

export type TransferError =
  | StepUpError
  | 'RECIPIENT_NOT_FOUND'
  | 'CANNOT_PAY_SELF'
  | 'INVALID_AMOUNT'
  | 'UNSUPPORTED_CURRENCY'
  | 'WALLET_FROZEN'
  | 'INSUFFICIENT_FUNDS'
  | 'SINGLE_LIMIT_EXCEEDED'
  | 'DAILY_LIMIT_EXCEEDED'
  | 'ANNUAL_LIMIT_EXCEEDED'
  | 'RECIPIENT_CANNOT_RECEIVE'
  | 'PAYMENT_DENIED'
  | 'IDEMPOTENCY_CONFLICT'
  | 'TRANSFER_NOT_FOUND';

export const transferErrors: ErrorTable<TransferError> = {
  ...stepUpErrors,
  RECIPIENT_NOT_FOUND: { status: 404, message: 'No wallet was found for this recipient; check the number' },
  CANNOT_PAY_SELF: { status: 400, message: 'You cannot send money to your own wallet' },
  INVALID_AMOUNT: { status: 400, message: 'The amount is not valid' },
  UNSUPPORTED_CURRENCY: { status: 400, message: 'This wallet cannot send that currency' },
  WALLET_FROZEN: { status: 403, message: 'Your wallet is frozen: outgoing payments are blocked' },
  INSUFFICIENT_FUNDS: { status: 422, message: 'Your balance is not enough for this transfer; top up first' },
  SINGLE_LIMIT_EXCEEDED: { status: 422, message: 'This is more than your wallet tier allows in one payment' },
  DAILY_LIMIT_EXCEEDED: { status: 422, message: "This would go over your wallet tier's daily limit" },
  ANNUAL_LIMIT_EXCEEDED: { status: 422, message: "This would go over your wallet tier's annual limit" },
  RECIPIENT_CANNOT_RECEIVE: {
    status: 422,
    message: "The recipient's wallet cannot receive this amount (its balance limit)",
  },
  PAYMENT_DENIED: {
    status: 403,
    message: 'This payment was refused by our risk checks; contact customer service',
  },
  IDEMPOTENCY_CONFLICT: { status: 409, message: 'This request id was already used for a different transfer' },
  TRANSFER_NOT_FOUND: { status: 404, message: 'No such transfer' },
};
