import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../../test/helpers/api.ts';
import { decodeQrPng } from '../../../../test/helpers/qr-png.ts';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.ts';
import { seedDemo, smsControlOf } from './seed.ts';
import { DEMO_MERCHANTS, readDemoQrCodes, seedDemoMerchants } from './seed-merchants.ts';
import { seedDemoStaff } from './seed-staff.ts';

let s: TestServer;
const dataDir = mkdtempSync(join(tmpdir(), 'yinbao-demo-qr-'));
beforeAll(async () => {
  s = await startTestServer({ sms: true, cardNetwork: {}, env: { SIGNUP_VERIFY_PHONE: 'true' } });
});
afterAll(async () => {
  await s?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('demo merchants', () => {
  it('are applied for by demo customers, approved with one CNY account each, and re-seeding changes nothing', async () => {
    await seedDemo(s.url, { sms: smsControlOf(s.config) });
    await seedDemoStaff(s.staffAuth);
    const snapshot = async () =>
      (
        await s.db.pool.query(
          `SELECT m.business_name, m.mcc, m.status, m.settlement_kind,
                  (SELECT count(*)::int FROM merchant_accounts a WHERE a.merchant_id = m.id) AS accounts,
                  (SELECT array_agg(u.role ORDER BY u.role) FROM merchant_users u
                    WHERE u.merchant_id = m.id AND u.removed_at IS NULL) AS roles,
                  (SELECT count(*)::int FROM merchant_qr_codes q
                    WHERE q.merchant_id = m.id AND q.kind = 'static') AS static_codes
             FROM merchants m ORDER BY m.business_name`,
        )
      ).rows;
    const qrs = await seedDemoMerchants(s.url, s, { dataDir });
    const first = await snapshot();
    expect(first).toEqual(
      [...DEMO_MERCHANTS]
        .sort((a, b) => (a.businessName < b.businessName ? -1 : 1))
        .map((m) => ({
          business_name: m.businessName,
          mcc: m.mcc,
          status: 'active',
          settlement_kind: m.settlement === 'card' ? 'card' : 'bank_account',
          accounts: 1,
          roles: m.cashier === null ? ['owner'] : ['cashier', 'owner'],
          static_codes: 1,
        })),
    );
    expect(await seedDemoMerchants(s.url, s, { dataDir })).toEqual(qrs);
    expect(await snapshot()).toEqual(first);
  });

  it('have a static QR code each, printed as a PNG that decodes to its payload, and a captioned SVG', async () => {
    const qrs = readDemoQrCodes(dataDir);
    expect(qrs.map((q) => q.businessName)).toEqual(DEMO_MERCHANTS.map((m) => m.businessName));
    const buyer = await call(s, 'POST', '/v1/auth/login', {
      body: { phone: '13700137000', password: 'yinbao-demo-3' },
    });
    expect(buyer.status, buyer.text).toBe(200);
    for (const q of qrs) {
      expect(q.png).toBe(
        join(
          dataDir,
          'demo',
          `qr-${DEMO_MERCHANTS.find((m) => m.businessName === q.businessName)!.slug}.png`,
        ),
      );
      expect(existsSync(q.png) && existsSync(q.svg)).toBe(true);
      expect(decodeQrPng(q.png)).toBe(q.payload);
      expect(readFileSync(q.svg, 'utf8')).toContain(`>${q.businessName}</text>`);
      // The printed code is the merchant's live static code: scanning it finds the shop.
      const r = await call(s, 'POST', '/v1/qr/resolve', {
        token: buyer.json.token,
        body: { payload: q.payload },
      });
      expect(r.status, r.text).toBe(200);
      expect(r.json).toMatchObject({ merchant: { name: q.businessName }, fixedAmount: false });
    }
  });
});
