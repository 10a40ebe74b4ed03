import { z } from 'zod';

const b64url = z.string().regex(/^[A-Za-z0-9_-]+={0,2}$/, 'base64url');

export const ZRegisterNfcKey = z.strictObject({
  algorithm: z.enum(['Ed25519', 'P-256']),
  publicKey: b64url
    .max(400)
    .describe('base64url: SubjectPublicKeyInfo (DER), or raw (32-byte Ed25519, 65-byte uncompressed P-256)'),
});

export const ZNfcKey = z.object({
  id: z.string(),
  algorithm: z.enum(['Ed25519', 'P-256']),
  deviceId: z.string(),
  lastCounter: z.number().int().describe('The last counter accepted (the next tap must be above it)'),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export const ZNfcKeyList = z.object({ items: z.array(ZNfcKey) });
export const ZNfcKeyParams = z.object({ keyId: z.uuid() });

/** What the phone hands the terminal over NFC: the signed fields and the signature. */
export const ZNfcTap = z.strictObject({
  keyId: z.uuid(),
  merchantId: z.uuid(),
  amount: z.string().regex(/^\d{1,12}(\.\d{1,2})?$/, 'a decimal amount, e.g. "12.50"'),
  currency: z.string().max(8),
  counter: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  time: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe('Unix time in milliseconds'),
  signature: b64url.max(200).describe('base64url: Ed25519, or P-256 ECDSA/SHA-256 as r‖s (64 bytes)'),
});

export type TRegisterNfcKey = z.infer<typeof ZRegisterNfcKey>;
export type TNfcKey = z.infer<typeof ZNfcKey>;
export type TNfcTap = z.infer<typeof ZNfcTap>;
