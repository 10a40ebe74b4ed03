import { randomBytes } from 'node:crypto';
import { sha256 } from '../../platform/secrets.ts';

/**
 * Merchant API keys: `ybk_live_<prefix>_<secret>`.
 * - prefix: 12 characters of base32 (60 random bits), the key's public id, shown in lists and logs;
 * - secret: 32 random bytes, base64url (43 characters).
 * Only SHA-256 of the whole key is stored. A fast hash is right here (unlike passwords): the key
 * has 256 bits of entropy, so no dictionary or brute force applies, and it is checked on every
 * server-to-server request, where a slow hash would cost latency and invite denial of service.
 */
export const API_KEY_PREFIX = 'ybk_';
export const API_KEY_SCOPES = [
  'orders:write',
  'orders:read',
  'refunds:write',
  'webhooks:read',
  'settlements:read',
  'pos:write',
  'payouts:write',
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

const KEY = /^ybk_live_([a-z2-7]{12})_([A-Za-z0-9_-]{43})$/;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

export function newApiKey(): { key: string; prefix: string; hash: Buffer } {
  const bytes = randomBytes(12);
  const prefix = [...bytes].map((b) => BASE32[b & 31]).join('');
  const key = `ybk_live_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: sha256(key) };
}

/** The prefix and hash of a presented key, or null when it is not shaped like one of ours. */
export function parseApiKey(key: string): { prefix: string; hash: Buffer } | null {
  const m = KEY.exec(key);
  return m ? { prefix: m[1]!, hash: sha256(key) } : null;
}

/** How a key is shown after creation: `ybk_live_abcdefghijkl_…`. */
export const displayPrefix = (prefix: string) => `ybk_live_${prefix}`;
