import type { ErrorTable } from '../../platform/errors.ts';

export type MerchantError =
  | 'MERCHANT_NOT_FOUND'
  | 'INVALID_MCC'
  | 'INVALID_ACCOUNT_NUMBER'
  | 'INVALID_CONTACT_PHONE'
  | 'INVALID_CONTACT_EMAIL'
  | 'CARD_NOT_FOUND'
  | 'MERCHANT_ROLE_FORBIDDEN'
  | 'MERCHANT_CLOSED'
  | 'PHONE_NOT_REGISTERED'
  | 'ALREADY_MERCHANT_USER'
  | 'USER_NOT_FOUND'
  | 'LAST_OWNER'
  | 'API_KEY_NOT_FOUND'
  | 'API_KEY_REVOKED'
  | 'API_KEY_ALREADY_ROTATED';

export type MerchantReviewError = 'MERCHANT_NOT_FOUND' | 'MERCHANT_ALREADY_REVIEWED';

export const merchantErrors: ErrorTable<MerchantError> = {
  MERCHANT_NOT_FOUND: { status: 404, message: 'No such merchant' },
  INVALID_MCC: {
    status: 400,
    message: 'Unknown merchant category code: choose one of the listed categories (e.g. 5812 restaurants)',
  },
  INVALID_ACCOUNT_NUMBER: { status: 400, message: 'The bank account number must be 8 to 30 digits' },
  INVALID_CONTACT_PHONE: { status: 400, message: 'The contact phone must be a mainland mobile number' },
  INVALID_CONTACT_EMAIL: { status: 400, message: 'The contact email address is not valid' },
  CARD_NOT_FOUND: { status: 400, message: 'The settlement card is not one of your linked cards' },
  MERCHANT_ROLE_FORBIDDEN: {
    status: 403,
    message: "Only the merchant's owners can manage its users, API keys and settings",
  },
  MERCHANT_CLOSED: { status: 409, message: 'This merchant was rejected or suspended: nothing can be added' },
  PHONE_NOT_REGISTERED: { status: 422, message: 'No Yinbao customer has this phone number' },
  ALREADY_MERCHANT_USER: { status: 409, message: 'This person already works for this merchant' },
  USER_NOT_FOUND: { status: 404, message: 'No such merchant user' },
  LAST_OWNER: { status: 409, message: 'A merchant keeps at least one owner' },
  API_KEY_NOT_FOUND: { status: 404, message: 'No such API key' },
  API_KEY_REVOKED: { status: 409, message: 'This API key is revoked or expired' },
  API_KEY_ALREADY_ROTATED: { status: 409, message: 'This API key was already rotated' },
};

export const merchantReviewErrors: ErrorTable<MerchantReviewError> = {
  MERCHANT_NOT_FOUND: { status: 404, message: 'No such merchant' },
  MERCHANT_ALREADY_REVIEWED: { status: 409, message: 'This application was already decided' },
};
