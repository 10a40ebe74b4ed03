import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';

/** The fields of a tap and their signature, as the phone hands them to the terminal over NFC. */
export type NfcTap = {
  keyId: string;
  merchantId: string;
  amount: string;
  currency: string;
  counter: number;
  time: number;
  signature: string;
};

/** What the signature covers (Yinbao's docs/api.md, "Payment codes, taps and the POS"). */
export function tapSigningBytes(t: Omit<NfcTap, 'signature'>): Buffer {
  return Buffer.from(
    [
      'yinbao-nfc-tap-v1',
      t.keyId,
      t.merchantId,
      t.amount,
      t.currency,
      String(t.counter),
      String(t.time),
    ].join('\n'),
    'utf8',
  );
}

export type PhoneAlgorithm = 'Ed25519' | 'P-256';

/**
 * A customer's phone for tap-to-pay: holds a key pair (Ed25519 by default), registers its public
 * key with Yinbao (`POST /v1/nfc/keys` with the customer's session) and signs taps with a counter
 * that only goes up.
 */
export class SimulatedPhone {
  readonly algorithm: PhoneAlgorithm;
  private readonly privateKey: KeyObject;
  readonly publicKeySpki: string;
  keyId: string | null = null;
  counter = 0;

  constructor(algorithm: PhoneAlgorithm = 'Ed25519') {
    this.algorithm = algorithm;
    const pair =
      algorithm === 'Ed25519'
        ? generateKeyPairSync('ed25519')
        : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    this.privateKey = pair.privateKey;
    this.publicKeySpki = pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64url');
  }

  /** Registers the public key for the device of this session; remembers the key id. */
  async register(baseUrl: string, sessionToken: string): Promise<string> {
    const res = await fetch(`${baseUrl.replace(/\/$/, '')}/v1/nfc/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sessionToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ algorithm: this.algorithm, publicKey: this.publicKeySpki }),
    });
    const body = (await res.json()) as { id?: string; code?: string };
    if (res.status !== 201 || !body.id)
      throw new Error(`NFC key registration failed: ${res.status} ${body.code}`);
    this.keyId = body.id;
    return body.id;
  }

  /** A signed tap for `merchantId` and `amount` (CNY); the next counter unless one is given. */
  tap(
    merchantId: string,
    amount: string,
    opts: { counter?: number; time?: number; keyId?: string; currency?: string } = {},
  ): NfcTap {
    const keyId = opts.keyId ?? this.keyId;
    if (!keyId) throw new Error('register the phone first');
    const counter = opts.counter ?? ++this.counter;
    if (counter > this.counter) this.counter = counter;
    const fields = {
      keyId,
      merchantId,
      amount,
      currency: opts.currency ?? 'CNY',
      counter,
      time: opts.time ?? Date.now(),
    };
    const data = tapSigningBytes(fields);
    const signature =
      this.algorithm === 'Ed25519'
        ? sign(null, data, this.privateKey)
        : sign('sha256', data, { key: this.privateKey, dsaEncoding: 'ieee-p1363' });
    return { ...fields, signature: signature.toString('base64url') };
  }
}
