import { createPublicKey, type KeyObject, verify } from 'node:crypto';

export type NfcAlgorithm = 'Ed25519' | 'P-256';

/** What the phone signs: the tap's fields, in this order, each on its own line (UTF-8, `\n`). */
export type NfcTapFields = {
  keyId: string;
  merchantId: string;
  amount: string;
  currency: string;
  counter: number;
  /** Unix time in milliseconds, on the phone's clock. */
  time: number;
};

export const NFC_TAP_DOMAIN = 'yinbao-nfc-tap-v1';

/** The canonical byte string a tap's signature covers (docs/api.md, "Payment codes, taps and the POS"). */
export function tapSigningBytes(t: NfcTapFields): Buffer {
  return Buffer.from(
    [NFC_TAP_DOMAIN, t.keyId, t.merchantId, t.amount, t.currency, String(t.counter), String(t.time)].join(
      '\n',
    ),
    'utf8',
  );
}

// DER SubjectPublicKeyInfo headers, to accept a raw key as well as SPKI.
const ED25519_SPKI = Buffer.from('302a300506032b6570032100', 'hex');
const P256_SPKI = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');

/**
 * A registered public key as SPKI DER, from base64url SPKI or raw bytes (32 bytes Ed25519; 65 bytes
 * uncompressed P-256 point). Null when it is not a key of that algorithm.
 */
export function parsePublicKey(algorithm: NfcAlgorithm, b64url: string): Buffer | null {
  const bytes = Buffer.from(b64url, 'base64url');
  if (bytes.length === 0 || bytes.toString('base64url') !== b64url.replace(/=+$/, '')) return null;
  let der = bytes;
  if (algorithm === 'Ed25519' && bytes.length === 32) der = Buffer.concat([ED25519_SPKI, bytes]);
  if (algorithm === 'P-256' && bytes.length === 65 && bytes[0] === 4) der = Buffer.concat([P256_SPKI, bytes]);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: der, format: 'der', type: 'spki' });
  } catch {
    return null;
  }
  if (algorithm === 'Ed25519' && key.asymmetricKeyType !== 'ed25519') return null;
  if (
    algorithm === 'P-256' &&
    (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
  )
    return null;
  return key.export({ format: 'der', type: 'spki' });
}

/** Ed25519 signature, or P-256 ECDSA over SHA-256 in the raw r‖s form (64 bytes, as WebCrypto makes it). */
export function verifyTapSignature(
  algorithm: NfcAlgorithm,
  spki: Buffer,
  tap: NfcTapFields,
  signatureB64url: string,
): boolean {
  const sig = Buffer.from(signatureB64url, 'base64url');
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  const data = tapSigningBytes(tap);
  try {
    if (algorithm === 'Ed25519') return sig.length === 64 && verify(null, data, key, sig);
    return sig.length === 64 && verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, sig);
  } catch {
    return false;
  }
}
