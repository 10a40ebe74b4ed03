/**
 * Every call the web app makes to the API lives here (the typed `packages/sdk` client replaces the
 * bodies of these functions later). Failures are thrown as ApiError with the API's `code`; the screens
 * turn codes into words with errors.ts.
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

async function request<T>(
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; device?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.device) headers['x-device-id'] = deviceId();
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', 'network error');
  }
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const e = (data ?? {}) as { code?: unknown; message?: unknown };
    throw new ApiError(
      res.status,
      typeof e.code === 'string' ? e.code : 'UNKNOWN',
      typeof e.message === 'string' ? e.message : res.statusText,
    );
  }
  return data as T;
}

export const api = {
  login: (phone: string, password: string) =>
    request<Session>('POST', '/v1/auth/login', { body: { phone, password }, device: true }),
  logout: (token: string) =>
    request<{ status: 'signed_out' }>('POST', '/v1/auth/logout', { token, body: {} }),
  me: (token: string) => request<Me>('GET', '/v1/me', { token }),
  wallet: (token: string, walletId: string) =>
    request<Wallet>('GET', `/v1/wallets/${encodeURIComponent(walletId)}`, { token }),
};
