import type { ErrorTable } from '../../platform/errors.ts';

export type SalesError = 'MERCHANT_NOT_FOUND' | 'INVALID_DATE_RANGE';

export const salesErrors: ErrorTable<SalesError> = {
  MERCHANT_NOT_FOUND: { status: 404, message: 'No such merchant' },
  INVALID_DATE_RANGE: {
    status: 400,
    message: 'from and to must be calendar days YYYY-MM-DD, from not after to, at most 92 days',
  },
};
