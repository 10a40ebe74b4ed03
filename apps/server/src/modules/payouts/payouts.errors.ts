import type { ErrorTable } from '../../platform/errors.ts';

/** Failures of a whole batch request: nothing is paid. Per-item failures are in the 200 answer. */
export type PayoutError =
  | 'INVALID_AMOUNT'
  | 'UNSUPPORTED_CURRENCY'
  | 'DUPLICATE_REFERENCE'
  | 'MERCHANT_ACCOUNT_NOT_FOUND';

export const payoutErrors: ErrorTable<PayoutError> = {
  INVALID_AMOUNT: { status: 400, message: 'An item’s amount is not a positive CNY amount' },
  UNSUPPORTED_CURRENCY: { status: 400, message: 'Payouts are in CNY' },
  DUPLICATE_REFERENCE: { status: 400, message: 'Each item’s reference must be unique within the request' },
  MERCHANT_ACCOUNT_NOT_FOUND: { status: 409, message: 'The merchant has no CNY account to pay from' },
};
