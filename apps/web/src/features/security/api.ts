import type { paths } from '@yinbao/sdk';
import { client, unwrap } from '../../api.ts';
import type { Challenge, StepUpProof } from '../step-up/StepUp.tsx';

/** The security centre's calls (typed client: bearer token, device id, Idempotency-Key per POST). */
export type SecurityStatus = { pinSet: boolean; pinLocked: boolean; totpEnrolled: boolean };
export type Device = {
  id: string;
  name: string | null;
  current: boolean;
  trusted: boolean;
  firstSeenAt: string;
  lastSeenAt: string;
};
export type SessionItem = {
  id: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  device: string | null;
  ip: string | null;
};
export type Passkey = { id: string; name: string; createdAt: string; lastUsedAt: string | null };
export type FreezeReason = 'lost_phone' | 'suspicious' | 'other';
export type Session = { token: string; expiresAt: string; customerId: string };

// The API's proof object types the passkey assertion; the StepUp panel keeps it opaque.
type Body<P extends keyof paths> = paths[P] extends {
  post: { requestBody?: { content: { 'application/json': infer B } } };
}
  ? B
  : never;
type ApiStepUp = Body<'/v1/me/unfreeze'>['stepUp'];
export type RegistrationBody = Body<'/v1/me/passkeys/registration'>;
export type AssertionBody = Body<'/v1/auth/passkey'>;
const proof = (p: StepUpProof) => p as ApiStepUp;

export const securityApi = {
  status: (): Promise<SecurityStatus> => unwrap(client.GET('/v1/me/security')),
  setPin: (pin: string, password: string) => unwrap(client.PUT('/v1/me/pin', { body: { pin, password } })),

  devices: async (): Promise<Device[]> => (await unwrap(client.GET('/v1/me/devices'))).items,
  revokeDevice: (deviceId: string) =>
    unwrap(client.DELETE('/v1/me/devices/{deviceId}', { params: { path: { deviceId } } })),
  trustChallenge: (): Promise<Challenge> =>
    unwrap(client.POST('/v1/me/devices/current/trust/challenge', { body: {} })) as Promise<Challenge>,
  trust: (p: StepUpProof) =>
    unwrap(client.POST('/v1/me/devices/current/trust', { body: { stepUp: proof(p) } })),
  /** Texts a code for a challenge that offers "sms". */
  sendCode: (challengeId: string) =>
    unwrap(client.POST('/v1/me/challenges/{challengeId}/sms', { params: { path: { challengeId } } })),

  sessions: async (): Promise<SessionItem[]> => (await unwrap(client.GET('/v1/me/sessions'))).items,
  revokeSession: (sessionId: string) =>
    unwrap(client.DELETE('/v1/me/sessions/{sessionId}', { params: { path: { sessionId } } })),

  passkeys: async (): Promise<Passkey[]> => (await unwrap(client.GET('/v1/me/passkeys'))).items,
  passkeyOptions: (password: string) =>
    unwrap(client.POST('/v1/me/passkeys/registration/options', { body: { password } })),
  registerPasskey: (body: RegistrationBody) => unwrap(client.POST('/v1/me/passkeys/registration', { body })),
  removePasskey: (passkeyId: string) =>
    unwrap(client.DELETE('/v1/me/passkeys/{passkeyId}', { params: { path: { passkeyId } } })),

  startTotp: (password: string) => unwrap(client.POST('/v1/me/totp', { body: { password } })),
  confirmTotp: (code: string) => unwrap(client.POST('/v1/me/totp/confirm', { body: { code } })),

  freeze: (reason: FreezeReason) => unwrap(client.POST('/v1/me/freeze', { body: { reason } })),
  unfreezeChallenge: (): Promise<Challenge> =>
    unwrap(client.POST('/v1/me/unfreeze/challenge', { body: {} })) as Promise<Challenge>,
  unfreeze: (p: StepUpProof) => unwrap(client.POST('/v1/me/unfreeze', { body: { stepUp: proof(p) } })),

  passkeySignInOptions: (phone?: string) =>
    unwrap(client.POST('/v1/auth/passkey/options', { body: phone ? { phone } : {} })),
  passkeySignIn: (body: AssertionBody): Promise<Session> =>
    unwrap(client.POST('/v1/auth/passkey', { body })) as Promise<Session>,
};
