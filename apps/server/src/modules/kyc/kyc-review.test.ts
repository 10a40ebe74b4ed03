import { uuidv7 } from '@yinbao/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, fund, startTestServer, type TestServer } from '../../../../../test/helpers/server.ts';
import {
  auditEvents,
  faceCheck,
  kycStatus,
  notificationsOf,
  selfie,
  verifiedCustomer,
  walletOf,
} from './kyc.test-support.ts';

/**
 * The staff review queue (service layer; staff routes and staff auth are built elsewhere): approve,
 * reject, revoke — each moves the tier through the same path as the automatic steps, is audited
 * with the staff actor, notifies the customer, and decides a case exactly once.
 */
let s: TestServer;
let n = 0;
const phone = () => `1380000${String(++n).padStart(4, '0')}`;
const reviewsOf = async (customerId: string) =>
  (
    await s.db.pool.query('SELECT id, kind, status FROM kyc_reviews WHERE customer_id = $1 ORDER BY id', [
      customerId,
    ])
  ).rows as Array<{ id: string; kind: string; status: string }>;

/** A Class II customer whose face check came back inconclusive: one pending face_check case. */
async function inReview() {
  const c = await verifiedCustomer(s, phone(), { card: true });
  expect((await faceCheck(s, c.token, selfie('UNSURE'))).json()).toEqual({ result: 'in_review', tier: 2 });
  const [r] = await reviewsOf(c.customerId);
  return { c, reviewId: r!.id };
}

beforeAll(async () => {
  s = await startTestServer({ background: false, cardNetwork: { decisionDelayMs: 5 }, idv: true });
});
afterAll(async () => {
  await s?.stop();
});

describe('KYC review queue', () => {
  it('lists pending cases oldest first with masked data only, page by page', async () => {
    const a = await inReview();
    const b = await inReview();
    const all = await s.kycReviews.listPending({ limit: 100 });
    expect(all.ok).toBe(true);
    if (!all.ok) return;
    const ids = all.value.items.map((x) => x.id);
    expect(ids.indexOf(a.reviewId)).toBeLessThan(ids.indexOf(b.reviewId));
    const item = all.value.items.find((x) => x.id === a.reviewId)!;
    expect(item).toMatchObject({
      customerId: a.c.customerId,
      maskedPhone: `${a.c.phone.slice(0, 3)}****${a.c.phone.slice(-4)}`,
      kind: 'face_check',
      requestedTier: 1,
      currentTier: 2,
      status: 'pending',
      evidence: { maskedName: '*芳', score: 0.74 },
    });
    expect(JSON.stringify(all.value.items)).not.toContain('王芳');
    expect(JSON.stringify(all.value.items)).not.toContain(a.c.phone);
    const first = await s.kycReviews.listPending({ limit: 1 });
    if (!first.ok) throw new Error('list');
    expect(first.value.nextCursor).toBe(first.value.items[0]!.id);
    const second = await s.kycReviews.listPending({ limit: 1, cursor: first.value.nextCursor! });
    if (!second.ok) throw new Error('list');
    expect(second.value.items[0]!.id > first.value.items[0]!.id).toBe(true);
    expect(await s.kycReviews.listPending({ cursor: 'nope' })).toMatchObject({
      ok: false,
      code: 'INVALID_CURSOR',
    });
    expect(await s.kycReviews.get(uuidv7())).toMatchObject({ ok: false, code: 'REVIEW_NOT_FOUND' });
    expect(await s.kycReviews.get('not-a-uuid')).toMatchObject({ ok: false, code: 'REVIEW_NOT_FOUND' });
  });

  it('approve raises the tier at once (ledger cap too), notifies, audits; deciding again is refused', async () => {
    const { c, reviewId } = await inReview();
    const r = await s.kycReviews.approve(reviewId, 'alice');
    expect(r).toMatchObject({
      ok: true,
      value: { tier: 1, review: { status: 'approved', decidedBy: 'alice' } },
    });
    expect((await walletOf(s, c)).limits.balanceCap).toBeNull();
    await fund(s, c.walletId, 600_000_00n); // above Class II's cap: only possible with the raised cap
    expect((await kycStatus(s, c.token)).faceCheck.status).toBe('verified');
    expect((await notificationsOf(s, c)).map((x) => x.kind)).toContain('review_approved');
    const audited = (await auditEvents(s, `kyc_review:${reviewId}`)).filter(
      (e) => e.event === 'kyc.review_approved',
    );
    expect(audited).toEqual([expect.objectContaining({ actor: 'staff:alice' })]);

    for (const again of [
      () => s.kycReviews.approve(reviewId, 'bob'),
      () => s.kycReviews.reject(reviewId, 'bob', 'x'),
    ]) {
      expect(await again()).toMatchObject({ ok: false, code: 'REVIEW_ALREADY_DECIDED' });
    }
    expect(await s.kycReviews.get(reviewId)).toMatchObject({
      ok: true,
      value: { status: 'approved', decidedBy: 'alice' },
    });
    // A staff-approved raise queues no review after the fact.
    expect((await reviewsOf(c.customerId)).filter((x) => x.status === 'pending')).toHaveLength(0);
  });

  it('two concurrent approvals: exactly one wins', async () => {
    const { c, reviewId } = await inReview();
    const results = await Promise.all([
      s.kycReviews.approve(reviewId, 'alice'),
      s.kycReviews.approve(reviewId, 'bob'),
      s.kycReviews.reject(reviewId, 'carol', 'looks different'),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.code)).toEqual([
      'REVIEW_ALREADY_DECIDED',
      'REVIEW_ALREADY_DECIDED',
    ]);
    const events = (await auditEvents(s, `kyc_review:${reviewId}`)).filter((e) =>
      e.event.startsWith('kyc.review_'),
    );
    expect(events).toHaveLength(1);
    await s.outbox.runOnce();
    const { rows } = await s.db.pool.query(
      `SELECT count(*)::int AS n FROM notifications WHERE customer_id = $1 AND kind LIKE 'review_%'`,
      [c.customerId],
    );
    expect(rows[0].n).toBe(1);
  });

  it('reject keeps the tier, tells the customer why, and lets them try again', async () => {
    const { c, reviewId } = await inReview();
    expect(await s.kycReviews.reject(reviewId, 'alice', '   ')).toMatchObject({
      ok: false,
      code: 'INVALID_REASON',
    });
    expect(await s.kycReviews.reject(reviewId, 'bad id!', 'x')).toMatchObject({
      ok: false,
      code: 'INVALID_STAFF_ID',
    });
    const r = await s.kycReviews.reject(reviewId, 'alice', 'The selfie is too dark');
    expect(r).toMatchObject({
      ok: true,
      value: { tier: 2, review: { status: 'rejected', reason: 'The selfie is too dark' } },
    });
    expect((await walletOf(s, c)).tier).toBe(2);
    const note = (await notificationsOf(s, c)).find((x) => x.kind === 'review_rejected');
    expect(note?.body).toContain('The selfie is too dark');
    expect((await kycStatus(s, c.token)).faceCheck.status).not.toBe('in_review');
    expect((await faceCheck(s, c.token, selfie('MATCH'))).json()).toEqual({ result: 'verified', tier: 1 });
  });

  it('rejecting an automatic Class I lowers the wallet back; money above the lower cap stays but no more comes in', async () => {
    const c = await verifiedCustomer(s, phone(), { card: true });
    expect((await faceCheck(s, c.token, selfie('MATCH'))).json()).toEqual({ result: 'verified', tier: 1 });
    await fund(s, c.walletId, 600_000_00n); // Class II's cap is ¥500,000
    const [upgrade] = (await reviewsOf(c.customerId)).filter((x) => x.kind === 'tier_upgrade');
    const r = await s.kycReviews.reject(
      upgrade!.id,
      'alice',
      'Face does not match the ID photo on closer look',
    );
    expect(r).toMatchObject({ ok: true, value: { tier: 2, capClamped: true } });
    const w = await walletOf(s, c);
    expect(w.tier).toBe(2);
    expect(w.limits.singleLimit.amount).toBe('50000.00');
    expect(w.balances[0].available).toBe('600000.00');
    await expect(fund(s, c.walletId, 1n)).rejects.toThrow(/EXCEEDS_MAX_CREDIT_BALANCE/);
    // Spending still works; the customer cannot face-check their way back.
    const other = await verifiedCustomer(s, phone());
    const t = await s.app.inject({
      method: 'POST',
      url: '/v1/transfers',
      headers: { ...auth(c.token), 'idempotency-key': uuidv7() },
      payload: { to: { phone: other.phone }, amount: { amount: '100.00', currency: 'CNY' } },
    });
    expect(t.statusCode, t.body).toBe(201);
    expect((await faceCheck(s, c.token, selfie('MATCH'))).json().code).toBe('FACE_CHECK_CLOSED');
    expect((await kycStatus(s, c.token)).faceCheck.status).toBe('closed');
  });

  it('revokeTier withdraws every verification: entry tier, pending cases rejected, customer notified', async () => {
    const { c } = await inReview();
    await fund(s, c.walletId, 15_000_00n); // Class IV's cap is ¥10,000
    const r = await s.kycReviews.revokeTier(c.customerId, 'compliance-1', 'Forged identity card');
    expect(r).toEqual({ ok: true, value: { tier: 4, fromTier: 2, capClamped: true, rejectedReviews: 1 } });
    const w = await walletOf(s, c);
    expect([w.tier, w.balances[0].available]).toEqual([4, '15000.00']);
    expect((await reviewsOf(c.customerId)).map((x) => x.status)).toEqual(['rejected']);
    expect((await notificationsOf(s, c)).map((x) => x.kind)).toContain('tier_revoked');
    const st = await kycStatus(s, c.token);
    expect(st).toMatchObject({ tier: 4, revoked: true, nextStep: null });
    const post = (url: string, payload: Record<string, unknown>) =>
      s.app.inject({ method: 'POST', url, headers: auth(c.token), payload });
    expect(
      (await post('/v1/me/kyc/identity', { name: '王芳', idNumber: '11010519491231002X' })).json().code,
    ).toBe('KYC_REVOKED');
    expect((await faceCheck(s, c.token, selfie('MATCH'))).json().code).toBe('KYC_REVOKED');
    expect(await s.kycReviews.revokeTier(c.customerId, 'compliance-1', 'again')).toMatchObject({
      ok: false,
      code: 'KYC_REVOKED',
    });
    expect(await s.kycReviews.revokeTier(uuidv7(), 'compliance-1', 'x')).toMatchObject({
      ok: false,
      code: 'KYC_NOT_VERIFIED',
    });
    const events = await auditEvents(s, `customer:${c.customerId}`);
    expect(events.find((e) => e.event === 'kyc.tier_revoked')).toMatchObject({
      actor: 'staff:compliance-1',
      data: { fromTier: 2, tier: 4, capClamped: true },
    });
  });
});
