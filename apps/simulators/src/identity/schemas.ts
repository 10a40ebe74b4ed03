import { z } from 'zod';
import { inputParser } from '../parse-input.ts';

/** Largest selfie the service accepts, decoded (the wallet enforces the same limit first). */
export const MAX_SELFIE_BYTES = 32 * 1024;
/** Base64 length of MAX_SELFIE_BYTES (with padding). */
export const MAX_SELFIE_BASE64_LENGTH = 4 * Math.ceil(MAX_SELFIE_BYTES / 3);
export const MAX_FACE_CHECK_REFERENCE_LENGTH = 64;

/** Decoded size of a valid base64 string. */
const base64Bytes = (b: string) => (b.length / 4) * 3 - (b.endsWith('==') ? 2 : b.endsWith('=') ? 1 : 0);

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export const faceCheckBodySchema = z
  .object({
    reference: z
      .string({ error: 'must be a string' })
      .min(1, { error: 'must not be empty' })
      .max(MAX_FACE_CHECK_REFERENCE_LENGTH, {
        error: `must be at most ${MAX_FACE_CHECK_REFERENCE_LENGTH} characters`,
      }),
    /** Either a hash of the ID number (hex SHA-256)… */
    idNumberHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/, { error: 'must be a hex SHA-256' })
      .optional(),
    /** …or the registered name and the ID number's last four characters. */
    name: z.string().min(1).max(64).optional(),
    idLast4: z
      .string()
      .regex(/^\d{3}[\dX]$/, { error: 'must be the last 4 characters of the ID number' })
      .optional(),
    selfie: z
      .string({ error: 'must be a base64 string' })
      .min(4, { error: 'must not be empty' })
      .max(MAX_SELFIE_BASE64_LENGTH, { error: `must be at most ${MAX_SELFIE_BYTES} bytes` })
      .regex(BASE64, { error: 'must be base64' })
      .refine((b) => base64Bytes(b) <= MAX_SELFIE_BYTES, {
        error: `must be at most ${MAX_SELFIE_BYTES} bytes`,
      }),
    callbackUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  })
  .refine((b) => b.idNumberHash !== undefined || (b.name !== undefined && b.idLast4 !== undefined), {
    error: 'give idNumberHash, or name and idLast4',
    path: ['subject'],
  });

export type FaceCheckBody = z.output<typeof faceCheckBodySchema>;

export const listQuerySchema = z.object({
  reference: z.string().min(1).max(MAX_FACE_CHECK_REFERENCE_LENGTH).optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, { error: 'must be a positive integer' })
    .transform(Number)
    .pipe(z.number().int().min(1).max(100))
    .optional(),
});

export const faultsBodySchema = z.strictObject({
  /** `body`: answers are altered after signing; `signature`: the signature is broken. */
  tamper: z.enum(['none', 'body', 'signature']).optional(),
  /** Every face check answers 503. */
  unavailable: z.boolean().optional(),
  /** How long SLOW selfies take to answer. */
  slowMs: z.number().int().min(0).max(120_000).optional(),
});

const CODE_BY_FIELD: Readonly<Record<string, string>> = {
  reference: 'INVALID_REFERENCE',
  idNumberHash: 'INVALID_SUBJECT',
  name: 'INVALID_SUBJECT',
  idLast4: 'INVALID_SUBJECT',
  subject: 'INVALID_SUBJECT',
  selfie: 'INVALID_SELFIE',
  callbackUrl: 'INVALID_CALLBACK_URL',
  limit: 'INVALID_LIMIT',
};

export type { ParseResult } from '../parse-input.ts';

/** Validates a request body or query, mapping the first issue to a `{ code, message }` error. */
export const parseInput = inputParser(CODE_BY_FIELD);
