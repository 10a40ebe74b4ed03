import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../../../test/helpers/api.ts';
import { startTestServer, type TestServer } from '../../../../../test/helpers/server.ts';
import { type StaffUser, staffWithRoles } from '../../../../../test/helpers/staff.ts';
import { faceCheck, kycStatus, selfie, verifiedCustomer } from '../kyc/kyc.test-support.ts';

/** The KYC review queue over HTTP: compliance decides, other roles cannot, data stays masked. */
let s: TestServer;
let compliance: StaffUser;
let support: StaffUser;
let n = 0;
const phone = () => `1390000${String(++n).padStart(4, '0')}`;

async function caseInReview() {
  const c = await verifiedCustomer(s, phone(), { card: true });
  expect((await faceCheck(s, c.token, selfie('UNSURE'))).json()).toEqual({ result: 'in_review', tier: 2 });
  return c;
}

beforeAll(async () => {
  s = await startTestServer({ background: false, cardNetwork: { decisionDelayMs: 5 }, idv: true });
  compliance = await staffWithRoles(s, ['compliance']);
  support = await staffWithRoles(s, ['customer_service']);
});
afterAll(async () => {
  await s?.stop();
});

describe('KYC review queue (staff routes)', () => {
  it('compliance sees the masked queue and approves; the tier rises at once', async () => {
    const c = await caseInReview();
    expect((await call(s, 'GET', '/v1/staff/kyc-reviews', { token: support.token })).status).toBe(403);
    const q = await call(s, 'GET', '/v1/staff/kyc-reviews', { token: compliance.token });
    expect(q.status, q.text).toBe(200);
    const item = q.json.items.find((i: { customerId: string }) => i.customerId === c.customerId);
    expect(item).toMatchObject({ kind: 'face_check', status: 'pending', requestedTier: 1 });
    expect(q.text).not.toContain(c.phone);
    const one = await call(s, 'GET', `/v1/staff/kyc-reviews/${item.id}`, { token: compliance.token });
    expect(one.json.id).toBe(item.id);
    const ok = await call(s, 'POST', `/v1/staff/kyc-reviews/${item.id}/approve`, {
      token: compliance.token,
      body: {},
    });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json.tier).toBe(1);
    expect((await kycStatus(s, c.token)).tier).toBe(1);
    const twice = await call(s, 'POST', `/v1/staff/kyc-reviews/${item.id}/approve`, {
      token: compliance.token,
      body: {},
    });
    expect(twice.status).toBe(409);
    const { rows } = await s.db.pool.query('SELECT actor, event FROM audit_log WHERE subject = $1', [
      `kyc_review:${item.id}`,
    ]);
    expect(rows).toContainEqual({ actor: `staff:${compliance.id}`, event: 'kyc.review_approved' });
  });

  it('a rejection needs a reason and keeps the tier', async () => {
    const c = await caseInReview();
    const q = await call(s, 'GET', '/v1/staff/kyc-reviews', { token: compliance.token });
    const item = q.json.items.find((i: { customerId: string }) => i.customerId === c.customerId);
    expect(
      (
        await call(s, 'POST', `/v1/staff/kyc-reviews/${item.id}/reject`, {
          token: compliance.token,
          body: {},
        })
      ).status,
    ).toBe(400);
    const r = await call(s, 'POST', `/v1/staff/kyc-reviews/${item.id}/reject`, {
      token: compliance.token,
      body: { reason: 'photo does not match the ID' },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.json.review.status).toBe('rejected');
    expect((await kycStatus(s, c.token)).tier).toBe(2);
  });
});
