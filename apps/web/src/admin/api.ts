import { ApiError, client, unwrap } from '../api.ts';
import { clearStaff, currentStaff } from './session.ts';

/**
 * The console's API calls: the typed client, with the staff token passed explicitly on each call
 * (the client's automatic token is the customer's). A 401 ends the staff session and goes back to
 * the console's sign-in.
 */
const staffHeaders = () => ({ authorization: `Bearer ${currentStaff()?.token ?? 'none'}` });

async function staff<T>(call: Parameters<typeof unwrap<T>>[0]): Promise<T> {
  try {
    return await unwrap<T>(call);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      clearStaff();
      const { router } = await import('../router.tsx');
      await router.navigate({ to: '/admin/sign-in' });
    }
    throw e;
  }
}

export type LoginAnswer = {
  kind: 'full' | 'enrolment';
  token: string;
  expiresAt: string;
  otpauthUri?: string;
  qrSvg?: string;
  staff?: { id: string; username: string; roles: string[] };
};

export type StaffRequest = {
  id: string;
  kind: 'adjust_balance' | 'freeze' | 'lift_freeze' | 'raise_tier';
  customerId: string;
  params: Record<string, unknown>;
  reason: string;
  status: 'pending' | 'approved' | 'executed' | 'failed' | 'rejected' | 'withdrawn';
  proposedBy: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  result: Record<string, unknown> | null;
  createdAt: string;
};

export type Action =
  | { kind: 'freeze' }
  | { kind: 'lift_freeze' }
  | { kind: 'raise_tier'; tier: number }
  | { kind: 'adjust_balance'; direction: 'credit' | 'debit'; amount: { amount: string; currency: string } };

export const adminApi = {
  login: (body: { username: string; password: string; code?: string }): Promise<LoginAnswer> =>
    unwrap(client.POST('/v1/staff/auth/login', { body })),
  confirmTotp: (enrolmentToken: string, code: string): Promise<LoginAnswer> =>
    unwrap(
      client.POST('/v1/staff/auth/totp', {
        body: { code },
        headers: { authorization: `Bearer ${enrolmentToken}` },
      }),
    ),
  logout: () => unwrap(client.POST('/v1/staff/auth/logout', { headers: staffHeaders() })),
  me: () => staff(client.GET('/v1/staff/me', { headers: staffHeaders() })),
  findCustomer: (phone: string) =>
    staff(client.GET('/v1/staff/customers', { params: { query: { phone } }, headers: staffHeaders() })),
  customer: (customerId: string) =>
    staff(
      client.GET('/v1/staff/customers/{customerId}', {
        params: { path: { customerId } },
        headers: staffHeaders(),
      }),
    ),
  unmask: (customerId: string, reason: string) =>
    staff(
      client.POST('/v1/staff/customers/{customerId}/unmask', {
        params: { path: { customerId } },
        body: { reason },
        headers: staffHeaders(),
      }),
    ),
  propose: (customerId: string, reason: string, action: Action): Promise<StaffRequest> =>
    staff(
      client.POST('/v1/staff/requests', { body: { customerId, reason, action }, headers: staffHeaders() }),
    ),
  requests: (query: { customerId?: string; limit?: number } = {}): Promise<{ items: StaffRequest[] }> =>
    staff(
      client.GET('/v1/staff/requests', {
        params: { query: { limit: 100, ...query } },
        headers: staffHeaders(),
      }),
    ),
  approve: (requestId: string, note?: string): Promise<StaffRequest> =>
    staff(
      client.POST('/v1/staff/requests/{requestId}/approve', {
        params: { path: { requestId } },
        body: note ? { note } : {},
        headers: staffHeaders(),
      }),
    ),
  reject: (requestId: string, note: string): Promise<StaffRequest> =>
    staff(
      client.POST('/v1/staff/requests/{requestId}/reject', {
        params: { path: { requestId } },
        body: { note },
        headers: staffHeaders(),
      }),
    ),
  kycReviews: () =>
    staff(
      client.GET('/v1/staff/kyc-reviews', { params: { query: { limit: 100 } }, headers: staffHeaders() }),
    ),
  kycReview: (reviewId: string) =>
    staff(
      client.GET('/v1/staff/kyc-reviews/{reviewId}', {
        params: { path: { reviewId } },
        headers: staffHeaders(),
      }),
    ),
  approveKyc: (reviewId: string) =>
    staff(
      client.POST('/v1/staff/kyc-reviews/{reviewId}/approve', {
        params: { path: { reviewId } },
        body: {},
        headers: staffHeaders(),
      }),
    ),
  rejectKyc: (reviewId: string, reason: string) =>
    staff(
      client.POST('/v1/staff/kyc-reviews/{reviewId}/reject', {
        params: { path: { reviewId } },
        body: { reason },
        headers: staffHeaders(),
      }),
    ),
  audit: (before?: number) =>
    staff(
      client.GET('/v1/staff/audit', {
        params: { query: { limit: 50, ...(before ? { before } : {}) } },
        headers: staffHeaders(),
      }),
    ),
};
