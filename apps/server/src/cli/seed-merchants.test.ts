import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.ts';
import { seedDemo, smsControlOf } from './seed.ts';
import { DEMO_MERCHANTS, seedDemoMerchants } from './seed-merchants.ts';
import { seedDemoStaff } from './seed-staff.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ sms: true, cardNetwork: {}, env: { SIGNUP_VERIFY_PHONE: 'true' } });
});
afterAll(async () => {
  await s?.stop();
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
                    WHERE u.merchant_id = m.id AND u.removed_at IS NULL) AS roles
             FROM merchants m ORDER BY m.business_name`,
        )
      ).rows;
    await seedDemoMerchants(s.url, s);
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
        })),
    );
    await seedDemoMerchants(s.url, s);
    expect(await snapshot()).toEqual(first);
  });
});
