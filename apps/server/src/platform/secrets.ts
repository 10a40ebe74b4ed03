import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** An opaque bearer token: 32 random bytes, base64url. Only its SHA-256 is stored. */
export function newToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function sha256(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

export function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Encryption of data at rest: AES-256-GCM under the active data key (`keyId`), the associated data
 * binding a ciphertext to its row and field. The keyring (keyring.ts) implements it; `decrypt`
 * takes the key id stored with the row (optional: keyring blobs name their key in a header).
 */
export type Vault = {
  readonly keyId: string;
  encrypt(plain: string, aad: string): Buffer;
  decrypt(blob: Buffer, aad: string, keyId?: string): string;
  /** HMAC-SHA256 under the index key: fingerprints and blind indexes. */
  fingerprint(value: string): Buffer;
};

/**
 * The vault of releases before the keyring (data keys derived from the master key by HMAC, no blob
 * header). Kept only so tests can write data as those releases did and check the upgrade.
 */
export function createLegacyVault(masterKeyB64: string, keyId = 'k1'): Vault {
  const master = Buffer.from(masterKeyB64, 'base64');
  if (master.length !== 32) throw new Error('the master key must be 32 bytes, base64-encoded');
  const dataKey = (id: string) => createHmac('sha256', master).update(`data-key:${id}`).digest();
  const fpKey = createHmac('sha256', master).update('fingerprint').digest();
  return {
    keyId,
    encrypt(plain, aad) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', dataKey(keyId), iv);
      c.setAAD(Buffer.from(aad));
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt(blob, aad, id = keyId) {
      const d = createDecipheriv('aes-256-gcm', dataKey(id), blob.subarray(0, 12));
      d.setAAD(Buffer.from(aad));
      d.setAuthTag(blob.subarray(12, 28));
      return Buffer.concat([d.update(blob.subarray(28)), d.final()]).toString('utf8');
    },
    fingerprint: (value) => createHmac('sha256', fpKey).update(value).digest(),
  };
}

/** The master key from configuration, or one generated once into the data directory (dev only). */
export function loadOrCreateMasterKey(configured: string | undefined, path: string): string {
  if (configured) return configured;
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dirname(path), { recursive: true });
  const key = randomBytes(32).toString('base64');
  writeFileSync(path, key, { mode: 0o600 });
  return key;
}
