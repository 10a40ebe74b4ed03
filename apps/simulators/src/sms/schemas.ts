import { z } from 'zod';
import { inputParser } from '../parse-input.ts';

/** E.164 with a leading `+` and 8–15 digits, e.g. `+8613800138000`. */
export const PHONE_NUMBER_PATTERN = /^\+\d{8,15}$/;
export const MAX_TEXT_LENGTH = 500;
export const MAX_REFERENCE_LENGTH = 64;
export const DEFAULT_LIST_LIMIT = 20;
export const MAX_LIST_LIMIT = 100;

const phoneNumber = z
  .string({ error: 'must be a string' })
  .regex(PHONE_NUMBER_PATTERN, { error: 'must be an E.164 number such as +8613800138000' });

export const sendMessageBodySchema = z.object({
  to: phoneNumber,
  text: z
    .string({ error: 'must be a string' })
    .min(1, { error: 'must not be empty' })
    .max(MAX_TEXT_LENGTH, { error: `must be at most ${MAX_TEXT_LENGTH} characters` })
    .refine((s) => s.trim().length > 0, { error: 'must not be blank' }),
  reference: z
    .string({ error: 'must be a string' })
    .min(1, { error: 'must not be empty' })
    .max(MAX_REFERENCE_LENGTH, { error: `must be at most ${MAX_REFERENCE_LENGTH} characters` })
    .optional(),
});

export type SendMessageBody = z.output<typeof sendMessageBodySchema>;

/**
 * In a query string a bare `+` decodes to a space, so `?to=+8613800138000` arrives as
 * `" 8613800138000"`. Accept that (and a missing `+`) as well as the encoded `%2B`.
 */
const queryPhoneNumber = z
  .string()
  .transform((s) => {
    const trimmed = s.trim();
    return /^\d+$/.test(trimmed) ? `+${trimmed}` : trimmed;
  })
  .pipe(phoneNumber);

export const listQuerySchema = z.object({
  to: queryPhoneNumber.optional(),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, { error: 'must be a positive integer' })
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(1, { error: 'must be at least 1' })
        .max(MAX_LIST_LIMIT, { error: `must be at most ${MAX_LIST_LIMIT}` }),
    )
    .optional(),
});

export const latestQuerySchema = z.object({ to: queryPhoneNumber.optional() });

export interface ApiError {
  code: string;
  message: string;
}

const CODE_BY_FIELD: Readonly<Record<string, string>> = {
  to: 'INVALID_PHONE_NUMBER',
  text: 'INVALID_TEXT',
  reference: 'INVALID_REFERENCE',
  limit: 'INVALID_LIMIT',
};

export type { ParseResult } from '../parse-input.ts';

/** Validates a request body or query, mapping the first issue to a `{ code, message }` error. */
export const parseInput = inputParser(CODE_BY_FIELD);
