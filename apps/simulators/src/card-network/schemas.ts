import { z } from 'zod';
import { inputParser } from '../parse-input.ts';
import { EXPIRY_PATTERN, isValidPan } from './cards.ts';

/** Largest accepted amount: 15 digits of minor units. */
export const MAX_AMOUNT_DIGITS = 15;

const expiry = z.string().regex(EXPIRY_PATTERN, { error: 'expiry must be "MM/YY"' });
const cardPan = z.string().refine(isValidPan, { error: 'pan must be a Luhn-valid 13–19 digit number' });

const amount = z
  .string({ error: 'amount must be a string of minor units' })
  .regex(/^[1-9]\d*$/, { error: 'amount must be a positive integer string of minor units' })
  .max(MAX_AMOUNT_DIGITS, { error: `amount must have at most ${MAX_AMOUNT_DIGITS} digits` })
  .transform((s) => BigInt(s));

export const verifyBodySchema = z.object({
  pan: z.string().max(64),
  expiry,
  holderName: z.string().trim().min(1).max(128),
});

export const authorizationBodySchema = z.object({
  id: z.string().min(1).max(64),
  type: z.enum(['pull', 'push']),
  pan: cardPan,
  expiry,
  amount,
  currency: z.string().regex(/^[A-Z]{3}$/, { error: 'currency must be 3 upper-case letters' }),
  callbackUrl: z.url({ protocol: /^https?$/, error: 'callbackUrl must be an http(s) URL' }),
});

export const controlCardBodySchema = z.object({
  pan: cardPan,
  balance: z
    .string()
    .regex(/^(0|[1-9]\d{0,17})$/, { error: 'balance must be a non-negative integer string of minor units' })
    .transform((s) => BigInt(s)),
  expiry: expiry.optional(),
});

export interface ApiError {
  code: string;
  message: string;
}

const CODE_BY_FIELD: Readonly<Record<string, string>> = {
  pan: 'INVALID_PAN',
  amount: 'INVALID_AMOUNT',
  expiry: 'INVALID_EXPIRY',
  currency: 'INVALID_CURRENCY',
  callbackUrl: 'INVALID_CALLBACK_URL',
  balance: 'INVALID_BALANCE',
};

export type { ParseResult } from '../parse-input.ts';

/** Validates a request body or query, mapping the first issue to a `{ code, message }` error. */
export const parseBody = inputParser(CODE_BY_FIELD);
