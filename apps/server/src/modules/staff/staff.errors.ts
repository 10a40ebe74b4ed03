import type { ErrorTable } from '../../platform/errors.ts';
import type { ApprovalError } from './approvals.service.ts';
import type { StaffAuthError } from './staff-auth.service.ts';
import type { StaffCustomerError } from './staff-customers.service.ts';

export const staffErrors: ErrorTable<StaffAuthError | ApprovalError | StaffCustomerError> = {
  INVALID_CREDENTIALS: { status: 401, message: 'Username, password or authenticator code is wrong' },
  TOO_MANY_ATTEMPTS: { status: 429, message: 'Too many failed sign-ins: wait and try again' },
  TOTP_CODE_WRONG: { status: 400, message: 'The authenticator code is wrong' },
  USERNAME_TAKEN: { status: 409, message: 'That username is taken' },
  INVALID_USERNAME: {
    status: 400,
    message:
      'A username is 3–32 lowercase letters, digits, dots, dashes or underscores, starting with a letter',
  },
  INVALID_ROLES: { status: 400, message: 'Roles must be one or more of the known staff roles' },
  WEAK_PASSWORD: { status: 400, message: 'The password is too short or too common' },
  STAFF_NOT_FOUND: { status: 404, message: 'No such staff member' },
  ROLE_CANNOT_PROPOSE: { status: 403, message: 'Your role cannot propose this kind of request' },
  ROLE_CANNOT_DECIDE: { status: 403, message: 'Your role cannot decide this kind of request' },
  CUSTOMER_NOT_FOUND: { status: 404, message: 'No such customer' },
  REQUEST_NOT_FOUND: { status: 404, message: 'No such request' },
  REQUEST_ALREADY_DECIDED: { status: 409, message: 'This request has already been decided' },
  FOUR_EYES_REQUIRED: {
    status: 403,
    message: 'A different staff member must approve a request you proposed',
  },
  INVALID_AMOUNT: { status: 400, message: 'The amount is not valid' },
  WALLET_NOT_FROZEN: { status: 409, message: 'The wallet is not frozen' },
  WALLET_ALREADY_FROZEN: { status: 409, message: 'The bank has already frozen this wallet' },
  TIER_NOT_HIGHER: { status: 409, message: 'The new tier must be higher than the current one' },
};
