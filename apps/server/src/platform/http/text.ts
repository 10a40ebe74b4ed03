import { z } from 'zod';

/**
 * Free text a customer types (names, notes, searches): trimmed, bounded, and storable — PostgreSQL
 * text and jsonb refuse NUL characters and unpaired UTF-16 surrogates, so they are refused here
 * with a 400 instead of failing deep in a transaction.
 */
export function ZText(max: number, min = 0) {
  return (
    z
      .string()
      // The documented maxLength holds for what is sent, padding included (then it is trimmed).
      .max(max)
      .trim()
      .min(min)
      .refine((s) => !s.includes('\u0000') && s.isWellFormed(), {
        message: 'Text contains characters that cannot be stored (NUL or an unpaired surrogate)',
      })
  );
}
