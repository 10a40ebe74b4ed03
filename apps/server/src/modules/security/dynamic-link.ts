import { createHash } from 'node:crypto';

/**
 * The WebAuthn challenge of a step-up challenge row: SHA-256 over its id, purpose, amount (minor
 * units), currency, payee and the id the movement will carry, joined with "|". An authenticator that
 * signs it signs what is being paid, to whom, and which transfer — and the server recomputes it from
 * the stored row, never from the request. (Only the payee is free-form and it sits between fixed-form
 * fields, so the joined text cannot be read two ways.)
 */
export function passkeyChallenge(c: {
  id: string;
  purpose: string;
  amount: bigint;
  currency: string;
  payee: string;
  operationId: string;
}): Buffer {
  return createHash('sha256')
    .update([c.id, c.purpose, c.amount.toString(), c.currency, c.payee, c.operationId].join('|'), 'utf8')
    .digest();
}
