/**
 * WebAuthn between the API's JSON (binary members as base64url) and the browser's
 * `navigator.credentials.get()` (ArrayBuffers). The API sends the options as JSON
 * (`challenge.webauthn`) and expects the assertion back as AuthenticationResponseJSON.
 */
export type RequestOptionsJSON = {
  challenge: string;
  rpId?: string;
  timeout?: number;
  allowCredentials?: { id: string; type: string; transports?: string[] }[];
  userVerification?: string;
};

export type AssertionJSON = {
  id: string;
  rawId: string;
  type: 'public-key';
  authenticatorAttachment?: 'platform' | 'cross-platform';
  clientExtensionResults: Record<string, unknown>;
  response: { clientDataJSON: string; authenticatorData: string; signature: string; userHandle?: string };
};

export function fromBase64url(s: string): ArrayBuffer {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes.buffer;
}

export function toBase64url(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export const passkeysSupported = () =>
  typeof window !== 'undefined' && 'PublicKeyCredential' in window && !!navigator.credentials;

/** Asks the browser (phone, security key) for an assertion over the options; throws DOMException when cancelled. */
export async function getAssertion(options: RequestOptionsJSON): Promise<AssertionJSON> {
  const publicKey: PublicKeyCredentialRequestOptions = {
    challenge: fromBase64url(options.challenge),
    rpId: options.rpId,
    timeout: options.timeout,
    userVerification: options.userVerification as UserVerificationRequirement | undefined,
    allowCredentials: options.allowCredentials?.map((c) => ({
      id: fromBase64url(c.id),
      type: 'public-key' as const,
      transports: c.transports as AuthenticatorTransport[] | undefined,
    })),
  };
  const cred = (await navigator.credentials.get({ publicKey })) as PublicKeyCredential | null;
  if (!cred) throw new DOMException('no credential', 'NotAllowedError');
  const r = cred.response as AuthenticatorAssertionResponse;
  const attachment = cred.authenticatorAttachment;
  return {
    id: cred.id,
    rawId: toBase64url(cred.rawId),
    type: 'public-key',
    ...(attachment === 'platform' || attachment === 'cross-platform'
      ? { authenticatorAttachment: attachment }
      : {}),
    clientExtensionResults: cred.getClientExtensionResults() as Record<string, unknown>,
    response: {
      clientDataJSON: toBase64url(r.clientDataJSON),
      authenticatorData: toBase64url(r.authenticatorData),
      signature: toBase64url(r.signature),
      ...(r.userHandle && r.userHandle.byteLength > 0 ? { userHandle: toBase64url(r.userHandle) } : {}),
    },
  };
}
