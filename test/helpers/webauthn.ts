/**
 * A software WebAuthn authenticator for tests: real ES256 (ECDSA P-256 / SHA-256) keys from
 * node:crypto, `none` attestation, authenticator data and CBOR built byte by byte. The server
 * verifies its answers with @simplewebauthn/server exactly as it verifies a phone's.
 */
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';

// ---------------------------------------------------------------------------------------------
// A small CBOR encoder (RFC 8949): unsigned and negative integers, byte and text strings, arrays,
// maps (Map for integer keys, in insertion order). Shortest-form heads, as authenticators write.
// ---------------------------------------------------------------------------------------------

export type Cbor = number | Uint8Array | string | Cbor[] | Map<number | string, Cbor>;

function head(major: number, n: number): Buffer {
  if (!Number.isInteger(n) || n < 0) throw new Error(`CBOR length/value ${n}`);
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) {
    const b = Buffer.alloc(3);
    b[0] = (major << 5) | 25;
    b.writeUInt16BE(n, 1);
    return b;
  }
  if (n < 0x100000000) {
    const b = Buffer.alloc(5);
    b[0] = (major << 5) | 26;
    b.writeUInt32BE(n, 1);
    return b;
  }
  throw new Error('CBOR value too large for this encoder');
}

export function cbor(v: Cbor): Buffer {
  if (typeof v === 'number') return v >= 0 ? head(0, v) : head(1, -1 - v);
  if (typeof v === 'string') {
    const bytes = Buffer.from(v, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (v instanceof Uint8Array) return Buffer.concat([head(2, v.length), v]);
  if (Array.isArray(v)) return Buffer.concat([head(4, v.length), ...v.map(cbor)]);
  const parts: Buffer[] = [head(5, v.size)];
  for (const [k, val] of v) parts.push(cbor(k), cbor(val));
  return Buffer.concat(parts);
}

// ---------------------------------------------------------------------------------------------

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest();
const b64u = (b: Uint8Array) => Buffer.from(b).toString('base64url');

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

/** A COSE_Key of an EC2 P-256 public key for ES256: {1: 2, 3: -7, -1: 1, -2: x, -3: y}. */
function coseKey(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  return cbor(
    new Map<number, Cbor>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]),
  );
}

type Credential = { id: Buffer; rpId: string; userHandle: Buffer; privateKey: KeyObject; counter: number };

/** What a test may change to make an answer wrong in one specific way. */
export type Tamper = {
  origin?: string;
  rpId?: string;
  type?: string;
  /** Overrides the challenge the options carried. */
  challenge?: string;
  flags?: number;
  /** Use this counter value (the authenticator's own counter is not advanced). */
  counter?: number;
  /** Answer with this credential (base64url id) whatever the options allow. */
  credentialId?: string;
  /** Sign with a fresh key instead of the credential's. */
  wrongKey?: boolean;
};

export type RegistrationJSON = {
  id: string;
  rawId: string;
  type: 'public-key';
  response: { clientDataJSON: string; attestationObject: string; transports: string[] };
  clientExtensionResults: Record<string, never>;
  authenticatorAttachment: 'platform';
};
export type AssertionJSON = {
  id: string;
  rawId: string;
  type: 'public-key';
  response: { clientDataJSON: string; authenticatorData: string; signature: string; userHandle: string };
  clientExtensionResults: Record<string, never>;
  authenticatorAttachment: 'platform';
};

type CreationOptions = { challenge: string; rp: { id?: string }; user: { id: string } };
type RequestOptions = { challenge: string; rpId?: string; allowCredentials?: Array<{ id: string }> };

export class SoftAuthenticator {
  /** All zeros but the first byte: a recognisable, made-up authenticator model. */
  readonly aaguid = Buffer.from('5e4f7a11000000000000000000000001', 'hex');
  private readonly credentials = new Map<string, Credential>();

  constructor(
    readonly origin: string,
    readonly rpId: string,
  ) {}

  get credentialIds(): string[] {
    return [...this.credentials.keys()];
  }

  counterOf(credentialId: string): number {
    return this.credentials.get(credentialId)?.counter ?? -1;
  }

  private clientData(type: string, challenge: string, t: Tamper): Buffer {
    return Buffer.from(
      JSON.stringify({
        type: t.type ?? type,
        challenge: t.challenge ?? challenge,
        origin: t.origin ?? this.origin,
        crossOrigin: false,
      }),
      'utf8',
    );
  }

  /** navigator.credentials.create(): a new key pair, answered with `none` attestation. */
  create(options: CreationOptions, t: Tamper = {}): RegistrationJSON {
    const rpId = options.rp.id ?? this.rpId;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const id = randomBytes(32);
    const cred: Credential = {
      id,
      rpId,
      userHandle: Buffer.from(options.user.id, 'base64url'),
      privateKey,
      counter: 0,
    };
    const idLen = Buffer.alloc(2);
    idLen.writeUInt16BE(id.length);
    const authData = Buffer.concat([
      sha256(t.rpId ?? rpId),
      Buffer.from([t.flags ?? FLAG_UP | FLAG_UV | FLAG_AT]),
      Buffer.alloc(4), // signCount 0
      this.aaguid,
      idLen,
      id,
      coseKey(publicKey),
    ]);
    const attestationObject = cbor(
      new Map<string, Cbor>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    this.credentials.set(b64u(id), cred);
    return {
      id: b64u(id),
      rawId: b64u(id),
      type: 'public-key',
      response: {
        clientDataJSON: b64u(this.clientData('webauthn.create', options.challenge, t)),
        attestationObject: b64u(attestationObject),
        transports: ['internal', 'hybrid'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** navigator.credentials.get(): signs authenticatorData ‖ SHA-256(clientDataJSON) with ES256. */
  get(options: RequestOptions, t: Tamper = {}): AssertionJSON {
    const rpId = options.rpId ?? this.rpId;
    const allowed = options.allowCredentials?.map((c) => c.id) ?? [];
    const pick =
      t.credentialId ??
      this.credentialIds.find((id) =>
        allowed.length > 0 ? allowed.includes(id) : this.credentials.get(id)!.rpId === rpId,
      );
    const cred = pick ? this.credentials.get(pick) : undefined;
    if (!cred) throw new Error('no credential of this authenticator fits the options');
    const counter = t.counter ?? ++cred.counter;
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    const authData = Buffer.concat([
      sha256(t.rpId ?? rpId),
      Buffer.from([t.flags ?? FLAG_UP | FLAG_UV]),
      count,
    ]);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, t);
    const key = t.wrongKey ? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey : cred.privateKey;
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), key); // DER
    return {
      id: b64u(cred.id),
      rawId: b64u(cred.id),
      type: 'public-key',
      response: {
        clientDataJSON: b64u(clientDataJSON),
        authenticatorData: b64u(authData),
        signature: b64u(signature),
        userHandle: b64u(cred.userHandle),
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }
}
