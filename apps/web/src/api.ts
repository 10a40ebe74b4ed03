import { createYinbaoClient } from '@yinbao/sdk';
import { currentSession } from './session.ts';

/**
 * The web app's access to the API, through the typed `@yinbao/sdk` client: the calls of the first
 * screens here, each feature's own in `features/<name>/api.ts` (built on `client` and `unwrap`).
 * Failures are thrown as ApiError with the API's `code` (and `details`); the screens turn codes into
 * words with errors.ts. The signed-in session's token is sent with every call.
 */
export type Session = { token: string; expiresAt: string; customerId: string };
export type Me = { id: string; phone: string; displayName: string; walletId: string; createdAt: string };
export type Money = { amount: string; currency: string };
export type Balance = {
  currency: string;
  available: string;
  posted: string;
  pendingIncoming: string;
  pendingOutgoing: string;
};
export type Wallet = {
  id: string;
  tier: number;
  tierName: string;
  status: 'active' | 'frozen' | 'closed';
  balances: Balance[];
  createdAt: string;
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

const DEVICE_KEY = 'yb.deviceId';

/** A random id made once per browser and kept: the API recognises this device by it. */
export function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id) {
    id = crypto.randomUUID();
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

/** The typed client (`@yinbao/sdk`, generated from the API's OpenAPI document: the two cannot drift). */
export const client = createYinbaoClient({
  baseUrl: globalThis.location?.origin ?? '',
  deviceId: typeof localStorage === 'undefined' ? undefined : deviceId(),
  getToken: () => currentSession()?.token,
});
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A call's answer, or an ApiError with the API's `code` (NETWORK_ERROR when it never arrived). */
export async function unwrap<T>(
  call: Promise<{
    data?: T;
    error?: { code: string; message: string; details?: unknown };
    response: Response;
  }>,
): Promise<T> {
  let r: Awaited<typeof call>;
  try {
    r = await call;
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', 'network error');
  }
  if (r.error || !r.response.ok) {
    throw new ApiError(
      r.response.status,
      r.error?.code ?? 'UNKNOWN',
      r.error?.message ?? r.response.statusText,
      r.error?.details,
    );
  }
  // A 204 has no body: its `data` is undefined, which the caller's type says.
  return r.data as T;
}

export type VerificationStarted = { verificationId: string; expiresAt: string; resendAfterSeconds: number };

export const api = {
  /** Step 1 of sign-up: the bank texts a code (the same answer whether or not the number has a wallet). */
  verifyPhone: (phone: string): Promise<VerificationStarted> =>
    unwrap(client.POST('/v1/auth/signup/verify-phone', { body: { phone } })),
  /** Step 2: the texted code opens the wallet and signs in. */
  signUp: async (input: {
    phone: string;
    password: string;
    displayName?: string;
    verificationId: string;
    code: string;
  }): Promise<Session> => (await unwrap(client.POST('/v1/auth/signup', { body: input }))).session,
  login: (phone: string, password: string): Promise<Session> =>
    unwrap(client.POST('/v1/auth/login', { body: { phone, password } })),
  /** Sign-in with a texted code, step 1: the same answer whether or not the number has a wallet. */
  sendSignInCode: (phone: string): Promise<VerificationStarted> =>
    unwrap(client.POST('/v1/auth/login/sms/send', { body: { phone } })),
  signInWithCode: (phone: string, verificationId: string, code: string): Promise<Session> =>
    unwrap(client.POST('/v1/auth/login/sms', { body: { phone, verificationId, code } })),
  logout: (token: string) => unwrap(client.POST('/v1/auth/logout', { headers: bearer(token) })),
  me: (token: string): Promise<Me> => unwrap(client.GET('/v1/me', { headers: bearer(token) })),
  wallet: (token: string, walletId: string): Promise<Wallet> =>
    unwrap(client.GET('/v1/wallets/{walletId}', { params: { path: { walletId } }, headers: bearer(token) })),
};
