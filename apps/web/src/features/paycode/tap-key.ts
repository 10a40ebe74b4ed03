/**
 * Tap to pay: this device's P-256 signing key, made by WebCrypto with a private key that cannot be
 * exported, kept in IndexedDB (a CryptoKey survives there as it is, still unexportable). Only the
 * public key leaves the browser (POST /v1/nfc/keys). A tap would sign, with ECDSA/SHA-256 (r‖s), the
 * lines of docs/api.md "Payment codes, taps and the POS": a browser cannot act as a card over NFC, so
 * in the demo the POS simulator's SimulatedPhone makes the taps.
 */
export type TapKey = { keyId: string; privateKey: CryptoKey; counter: number };

const DB = 'yb-tap-to-pay';
const STORE = 'keys';
const SLOT = 'this-device';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function run<T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = f(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

export const storedTapKey = (): Promise<TapKey | undefined> =>
  run('readonly', (s) => s.get(SLOT) as IDBRequest<TapKey | undefined>);
export const saveTapKey = (k: TapKey) => run('readwrite', (s) => s.put(k, SLOT)).then(() => undefined);
export const forgetTapKey = () => run('readwrite', (s) => s.delete(SLOT)).then(() => undefined);

/** base64url without padding. */
export function base64url(bytes: ArrayBuffer): string {
  let s = '';
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A new key pair: the private key stays non-extractable; the public key as SPKI, base64url. */
export async function newTapKeyPair(): Promise<{ privateKey: CryptoKey; publicKey: string }> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  const spki = await crypto.subtle.exportKey('spki', pair.publicKey);
  return { privateKey: pair.privateKey, publicKey: base64url(spki) };
}
