import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, fund, signup, startTestServer, type TestServer } from '../../../../../test/helpers/server.ts';
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
 * The face-check step (A2) over real HTTP to the identity-verification simulator: verdicts, the
 * failure counter, review cases, an unreachable / slow / forged service, and no image anywhere.
 */
let s: TestServer;
const logLines: string[] = [];
const sentImages: string[] = [];
let n = 0;
const phone = () => `1370000${String(++n).padStart(4, '0')}`;
const image = (scenario: string) => {
  const img = selfie(scenario);
  sentImages.push(img);
  return img;
};
const faults = (f: Record<string, unknown>) => Object.assign(s.idvSim!.state.faults, f);
const rows = async (sql: string, args: unknown[]) => (await s.db.pool.query(sql, args)).rows;

beforeAll(async () => {
  s = await startTestServer({
    background: false,
    cardNetwork: { decisionDelayMs: 5 },
    idv: { faults: { slowMs: 3000 } },
    env: { IDV_TIMEOUT_MS: '400' },
    logLines,
  });
});
afterAll(async () => {
  await s?.stop();
});

describe('face check (A2)', () => {
  it('a match raises a carded wallet to Class I at once, and queues a review after the fact', async () => {
    const c = await verifiedCustomer(s, phone(), { card: true });
    expect((await kycStatus(s, c.token)).nextStep).toBe('face_check');
    const r = await faceCheck(s, c.token, image('MATCH'));
    expect(r.json(), r.body).toEqual({ result: 'verified', tier: 1 });
    const w = await walletOf(s, c);
    expect(w.tier).toBe(1);
    expect(w.limits).toMatchObject({ balanceCap: null, singleLimit: null, dailyLimit: null });
    // The ledger cap is lifted in the same step: far more than Class II's ¥500,000 can be held.
    await fund(s, c.walletId, 600_000_00n);
    expect((await walletOf(s, c)).balances[0].available).toBe('600000.00');
    const st = await kycStatus(s, c.token);
    expect(st).toMatchObject({ tier: 1, nextStep: null, faceCheck: { status: 'verified' } });
    expect((await faceCheck(s, c.token, image('MATCH'))).json().code).toBe('FACE_ALREADY_VERIFIED');
    const events = (await auditEvents(s, `customer:${c.customerId}`)).map((e) => e.event);
    expect(events).toContain('kyc.face_check_matched');
    const reviews = await rows(
      'SELECT kind, status, applied, requested_tier FROM kyc_reviews WHERE customer_id = $1',
      [c.customerId],
    );
    expect(reviews).toEqual([{ kind: 'tier_upgrade', status: 'pending', applied: true, requested_tier: 1 }]);
    const checks = await rows(
      'SELECT status, score::float8 AS score, selfie_bytes FROM kyc_face_checks WHERE customer_id = $1',
      [c.customerId],
    );
    expect(checks).toEqual([{ status: 'match', score: 0.97, selfie_bytes: 606 }]);
  });

  it('a match before the card counts once the card is added (Class I needs both)', async () => {
    const c = await verifiedCustomer(s, phone());
    expect((await faceCheck(s, c.token, image('MATCH'))).json()).toEqual({ result: 'verified', tier: 3 });
    expect((await kycStatus(s, c.token)).nextStep).toBe('bank_card');
    const card = await s.app.inject({
      method: 'POST',
      url: '/v1/cards',
      headers: auth(c.token),
      payload: { pan: '6222021000040001', expiry: '12/39', holderName: '王芳' },
    });
    const bound = await s.app.inject({
      method: 'POST',
      url: '/v1/me/kyc/bank-card',
      headers: auth(c.token),
      payload: { cardId: card.json().id },
    });
    expect(bound.json()).toEqual({ tier: 1 });
  });

  it('needs the identity step first, and refuses selfies that are not base64 or too large', async () => {
    const c = await signup(s, phone());
    expect((await faceCheck(s, c.token, image('MATCH'))).json().code).toBe('KYC_IDENTITY_FIRST');
    const v = await verifiedCustomer(s, phone());
    const bad = await faceCheck(s, v.token, 'not base64 at all!');
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'INVALID_SELFIE']);
    const big = await faceCheck(s, v.token, Buffer.alloc(33 * 1024).toString('base64'));
    expect([big.statusCode, big.json().code]).toEqual([413, 'SELFIE_TOO_LARGE']);
    const huge = await faceCheck(s, v.token, 'A'.repeat(70_000));
    expect(huge.statusCode).toBeGreaterThanOrEqual(400);
    expect(huge.statusCode).toBeLessThan(500);
    expect(await rows('SELECT 1 FROM kyc_face_checks WHERE customer_id = $1', [v.customerId])).toHaveLength(
      0,
    );
  });

  it('no match and a spoof are refused and counted; the third failure blocks the step for a day', async () => {
    const c = await verifiedCustomer(s, phone(), { card: true });
    const first = await faceCheck(s, c.token, image('NOMATCH'));
    expect([first.statusCode, first.json().code, first.json().details.failuresLeft]).toEqual([
      422,
      'FACE_NOT_MATCHED',
      2,
    ]);
    const second = await faceCheck(s, c.token, image('SPOOF'));
    expect([second.statusCode, second.json().code, second.json().details.failuresLeft]).toEqual([
      422,
      'LIVENESS_FAILED',
      1,
    ]);
    expect((await kycStatus(s, c.token)).faceCheck).toMatchObject({ status: 'failed', failuresLeft: 1 });
    const third = await faceCheck(s, c.token, image('NOMATCH'));
    expect(third.json().details).toMatchObject({ failuresLeft: 0, blockedUntil: expect.any(String) });
    const before = s.idvSim!.state.size;
    const blocked = await faceCheck(s, c.token, image('MATCH'));
    expect([blocked.statusCode, blocked.json().code]).toEqual([429, 'FACE_CHECK_BLOCKED']);
    expect(blocked.json().details.retryAfterSeconds).toBeGreaterThan(23 * 3600);
    expect(s.idvSim!.state.size).toBe(before); // the service was not even asked
    expect((await kycStatus(s, c.token)).faceCheck.status).toBe('blocked');
    expect((await walletOf(s, c)).tier).toBe(2);
    const failed = (await auditEvents(s, `customer:${c.customerId}`)).filter(
      (e) => e.event === 'kyc.face_check_failed',
    );
    expect(failed.map((e) => e.data.blocked)).toEqual([false, false, true]);

    // A day after the third failure the step opens again.
    await s.db.pool.query(
      `UPDATE kyc_face_checks SET created_at = created_at - interval '24 hours 1 second' WHERE customer_id = $1`,
      [c.customerId],
    );
    expect((await faceCheck(s, c.token, image('MATCH'))).json()).toEqual({ result: 'verified', tier: 1 });
  });

  it('an inconclusive comparison opens one review case and waits for staff', async () => {
    const c = await verifiedCustomer(s, phone(), { card: true });
    const r = await faceCheck(s, c.token, image('UNSURE'));
    expect(r.json(), r.body).toEqual({ result: 'in_review', tier: 2 });
    expect((await kycStatus(s, c.token)).faceCheck.status).toBe('in_review');
    expect((await faceCheck(s, c.token, image('MATCH'))).json().code).toBe('FACE_CHECK_IN_REVIEW');
    const cases = await rows(
      `SELECT kind, requested_tier, evidence FROM kyc_reviews WHERE customer_id = $1`,
      [c.customerId],
    );
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({
      kind: 'face_check',
      requested_tier: 1,
      evidence: { score: 0.74, maskedName: '*芳', idNumber: expect.stringMatching(/^\*{14}\d{3}[\dX]$/) },
    });
    expect((await notificationsOf(s, c)).map((x) => x.kind)).toContain('face_check_in_review');
    expect((await walletOf(s, c)).tier).toBe(2);
  });

  it('parallel attempts: one runs, the others are told to wait or that it is done', async () => {
    const c = await verifiedCustomer(s, phone(), { card: true });
    const answers = await Promise.all([1, 2, 3].map(() => faceCheck(s, c.token, image('MATCH'))));
    const ok = answers.filter((r) => r.statusCode === 200);
    expect(ok.map((r) => r.json())).toEqual([{ result: 'verified', tier: 1 }]);
    for (const r of answers.filter((x) => x.statusCode !== 200)) {
      expect(r.statusCode).toBe(409);
      expect(['FACE_CHECK_IN_PROGRESS', 'FACE_ALREADY_VERIFIED']).toContain(r.json().code);
    }
    const checks = await rows('SELECT status FROM kyc_face_checks WHERE customer_id = $1', [c.customerId]);
    expect(checks).toEqual([{ status: 'match' }]);
  });

  it('an unreachable or slow service is a 503 and changes nothing', async () => {
    const c = await verifiedCustomer(s, phone(), { card: true });
    const free = createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const port = (free.address() as { port: number }).port;
    await new Promise<void>((resolve) => free.close(() => resolve()));
    const url = s.config.identityVerification.url;
    s.config.identityVerification.url = `http://127.0.0.1:${port}`;
    try {
      const r = await faceCheck(s, c.token, image('MATCH'));
      expect([r.statusCode, r.json().code]).toEqual([503, 'FACE_CHECK_UNAVAILABLE']);
    } finally {
      s.config.identityVerification.url = url;
    }
    faults({ unavailable: true });
    try {
      expect((await faceCheck(s, c.token, image('MATCH'))).statusCode).toBe(503);
    } finally {
      faults({ unavailable: false });
    }
    const started = Date.now();
    const slow = await faceCheck(s, c.token, image('SLOW'));
    expect([slow.statusCode, slow.json().code]).toEqual([503, 'FACE_CHECK_UNAVAILABLE']);
    expect(Date.now() - started).toBeLessThan(2500);
    expect((await walletOf(s, c)).tier).toBe(2);
    expect(await rows('SELECT 1 FROM kyc_face_checks WHERE customer_id = $1', [c.customerId])).toHaveLength(
      0,
    );
    expect(await rows('SELECT 1 FROM kyc_reviews WHERE customer_id = $1', [c.customerId])).toHaveLength(0);
    expect((await kycStatus(s, c.token)).faceCheck).toMatchObject({ status: 'not_started', failuresLeft: 3 });
    // It works once the service is back.
    expect((await faceCheck(s, c.token, image('MATCH'))).json()).toEqual({ result: 'verified', tier: 1 });
  });

  it('an answer whose signature does not verify is refused, even one saying "match"', async () => {
    const c = await verifiedCustomer(s, phone(), { card: true });
    for (const [tamper, scenario] of [
      ['body', 'NOMATCH'],
      ['signature', 'MATCH'],
    ] as const) {
      faults({ tamper });
      try {
        const r = await faceCheck(s, c.token, image(scenario));
        expect([r.statusCode, r.json().code], tamper).toEqual([502, 'FACE_CHECK_UNVERIFIABLE']);
      } finally {
        faults({ tamper: 'none' });
      }
    }
    expect((await walletOf(s, c)).tier).toBe(2);
    expect(await rows('SELECT 1 FROM kyc_face_checks WHERE customer_id = $1', [c.customerId])).toHaveLength(
      0,
    );
    const events = (await auditEvents(s, `customer:${c.customerId}`)).map((e) => e.event);
    expect(events.filter((e) => e === 'kyc.face_check_unverifiable')).toHaveLength(2);
  });

  it('a server with another secret believes nothing the service says', async () => {
    const other = await startTestServer({
      background: false,
      idv: { secret: 'the-service-secret' },
      env: { IDV_SECRET: 'not-the-same' },
    });
    try {
      const c = await signup(other, '13799990000');
      await other.app.inject({
        method: 'POST',
        url: '/v1/me/kyc/identity',
        headers: auth(c.token),
        payload: { name: '王芳', idNumber: '11010519491231002X' },
      });
      const r = await faceCheck(other, c.token, image('MATCH'));
      // The service refuses the bearer secret: unavailable, not a decision.
      expect([r.statusCode, r.json().code]).toEqual([503, 'FACE_CHECK_UNAVAILABLE']);
    } finally {
      await other.stop();
    }
  });

  it('the image never reaches the logs, the database or the simulator’s store', async () => {
    expect(sentImages.length).toBeGreaterThan(10);
    const logs = logLines.join('\n');
    expect(logLines.length).toBeGreaterThan(20);
    const { rows: tables } = await s.db.pool.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    const stored = JSON.stringify(s.idvSim!.state.list());
    for (const img of sentImages) {
      const bytes = Buffer.from(img, 'base64');
      const probes = [img.slice(0, 40), img.slice(200, 240), bytes.subarray(10, 40).toString('hex')];
      for (const p of probes) {
        expect(logs.includes(p)).toBe(false);
        expect(stored.includes(p)).toBe(false);
      }
      for (const { table_name } of tables) {
        const { rows: hit } = await s.db.pool.query(
          `SELECT count(*)::int AS n FROM "${table_name}" t WHERE strpos(t::text, $1) > 0 OR strpos(t::text, $2) > 0`,
          [probes[1], probes[2]],
        );
        expect(hit[0].n, table_name).toBe(0);
      }
    }
  });
});
