import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.ts';
import { DEMO_CUSTOMERS, seedDemo, smsControlOf } from './seed.ts';

/** The demo seeder signs up through the public API, phone verification on (as `npm start` runs). */
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ sms: true, cardNetwork: {}, env: { SIGNUP_VERIFY_PHONE: 'true' } });
});
afterAll(async () => {
  await s?.stop();
});

describe('demo seed', () => {
  it('verifies each phone with the texted code, and a second run signs the customers in', async () => {
    const sms = smsControlOf(s.config);
    expect(sms?.url).toBe(s.smsSim!.url);
    await seedDemo(s.url, { sms });
    const count = async () =>
      (await s.db.pool.query('SELECT count(*)::int AS n FROM customers')).rows[0].n as number;
    expect(await count()).toBe(DEMO_CUSTOMERS.length);
    const { rows } = await s.db.pool.query(
      'SELECT count(*)::int AS n FROM signup_verifications WHERE consumed_at IS NOT NULL',
    );
    expect(rows[0].n).toBe(DEMO_CUSTOMERS.length);
    for (const c of DEMO_CUSTOMERS) {
      expect(s.smsSim!.state.latest(`+86${c.phone}`)?.text).toMatch(/^【银包】注册验证码 \d{6}/);
    }

    await seedDemo(s.url, { sms });
    expect(await count()).toBe(DEMO_CUSTOMERS.length);
  });

  it('without a way to read the codes, a new customer cannot sign up', async () => {
    const other = await startTestServer({ sms: true, env: { SIGNUP_VERIFY_PHONE: 'true' } });
    try {
      await expect(seedDemo(other.url)).rejects.toThrow(/no texted code/);
    } finally {
      await other.stop();
    }
  });
});
