import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.ts';
import { startDemoShop } from './demo-shop.ts';
import { DEMO_CUSTOMERS, seedDemo, smsControlOf } from './seed.ts';
import { seedDemoMerchants } from './seed-merchants.ts';
import { seedDemoStaff } from './seed-staff.ts';

let s: TestServer;
const dataDir = mkdtempSync(join(tmpdir(), 'yinbao-demo-shop-'));
beforeAll(async () => {
  s = await startTestServer({ sms: true, cardNetwork: {}, env: { SIGNUP_VERIFY_PHONE: 'true' } });
  await seedDemo(s.url, { sms: smsControlOf(s.config) });
  await seedDemoStaff(s.staffAuth);
  await seedDemoMerchants(s.url, s, { dataDir });
}, 180_000);
afterAll(async () => {
  await s?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the demo shop of `yinbao start`', () => {
  it('sells through the hosted checkout with its own key and learns the payment from its webhook; a restart replaces key and endpoint', async () => {
    const logs: string[] = [];
    const shop = (await startDemoShop(s.url, (m) => logs.push(m), 0))!;
    expect(shop, logs.join('\n')).not.toBeNull();
    const port = new URL(shop.url).port;
    try {
      const buy = await fetch(`${shop.url}/buy`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'product=beef-noodles',
        redirect: 'manual',
      });
      expect(buy.status).toBe(303);
      const [order] = [...shop.state.orders.values()];
      expect(buy.headers.get('location')).toBe(order!.checkoutUrl);
      expect(order!.checkoutUrl).toBe(`${s.config.publicWebUrl}/checkout/${order!.yinbaoOrderId}`);

      // 李娜 pays it over the API (the browser flow is test/e2e/checkout.test.ts).
      const payer = DEMO_CUSTOMERS[1]!;
      const login = await fetch(`${s.url}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-device-id': 'yinbao-demo-seed-device' },
        body: JSON.stringify({ phone: payer.phone, password: payer.password }),
      });
      const { token } = (await login.json()) as { token: string };
      const paid = await fetch(`${s.url}/v1/checkout/${order!.yinbaoOrderId}/pay`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'x-device-id': 'yinbao-demo-seed-device',
          'idempotency-key': randomUUID(),
        },
        body: '{}',
      });
      expect(paid.status, await paid.clone().text()).toBe(201);
      await expect.poll(() => order!.status, { timeout: 15_000 }).toBe('paid');
      expect(shop.state.paidEvents()).toHaveLength(1);
      expect(shop.state.rejected).toBe(0);
    } finally {
      await shop.close();
    }

    // Started again (same address): the previous demo key is revoked, one live endpoint remains.
    const again = (await startDemoShop(s.url, (m) => logs.push(m), Number(port)))!;
    expect(again, logs.join('\n')).not.toBeNull();
    await again.close();
    const { rows: keys } = await s.db.pool.query(
      `SELECT count(*) FILTER (WHERE revoked_at IS NULL)::int AS live, count(*)::int AS n
         FROM merchant_api_keys WHERE name = 'demo web shop'`,
    );
    expect(keys[0]).toEqual({ live: 1, n: 2 });
    const { rows: hooks } = await s.db.pool.query(
      `SELECT count(*)::int AS live FROM webhook_endpoints WHERE url = $1 AND deleted_at IS NULL`,
      [`${again.url}/webhooks/yinbao`],
    );
    expect(hooks[0].live).toBe(1);
  }, 60_000);
});
