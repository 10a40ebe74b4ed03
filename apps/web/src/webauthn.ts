import {
  browserSupportsWebAuthn,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  startRegistration,
} from '@simplewebauthn/browser';
import type { AssertionBody, RegistrationBody } from './features/security/api.ts';

export type { AssertionBody };

/**
 * Passkeys in the browser, for every screen that uses them (sign-in, the security centre, the
 * confirmation panel). The API speaks WebAuthn JSON (challenge and ids base64url);
 * @simplewebauthn/browser turns that into the ArrayBuffers navigator.credentials wants and the
 * credential back into JSON.
 */
export const supportsPasskeys = (): boolean => {
  try {
    return browserSupportsWebAuthn();
  } catch {
    return false;
  }
};

/** navigator.credentials.create() over the server's options; the answer is what the API stores. */
export async function createPasskey(options: unknown): Promise<Omit<RegistrationBody, 'name'>> {
  const r = await startRegistration({ optionsJSON: options as PublicKeyCredentialCreationOptionsJSON });
  return r as unknown as Omit<RegistrationBody, 'name'>;
}

/** navigator.credentials.get() over the server's options (sign-in or a confirmation). */
export async function getPasskey(options: unknown): Promise<AssertionBody> {
  const r = await startAuthentication({ optionsJSON: options as PublicKeyCredentialRequestOptionsJSON });
  return r as unknown as AssertionBody;
}

/** The browser refused or the person cancelled (not an API answer). */
export const isCancelled = (e: unknown) =>
  e instanceof Error && (e.name === 'NotAllowedError' || e.name === 'AbortError');
