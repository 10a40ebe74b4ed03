import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleCommand } from '../../apps/server/src/cli/settle.ts';
import { zhCN } from '../../apps/web/src/merchant/locales.ts';
import { errors as orderWords } from '../../apps/web/src/merchant/orders-errors.ts';
import { call } from '../helpers/api.ts';
import { fund } from '../helpers/server.ts';
import { staffWithRoles } from '../helpers/staff.ts';
import { type E2e, newContext, screenshot, signInInBrowser, signUpCustomer, startE2e } from './browser.ts';

// The portal's takings in a real browser against the real API server: a merchant took two QR
// payments and an online order (set up over the API); the owner sees them in the sales chart's table
// and the payments list, opens the paid order, refunds part of it (with a confirmation step), sees
// the refund and the refundable rest, and a second refund larger than the rest is refused in plain
// words; after a settlement run (the CLI's, with the clock a day ahead) the day shows as settled.
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const Z = zhCN;
type Customer = Awaited<ReturnType<typeof signUpCustomer>>;

describe('merchant takings in Chromium', () => {
  let e: E2e;
  let owner: Customer;
  let payer: Customer;
  let merchantId: string;
  let orderId: string;

  beforeAll(async () => {
    e = await startE2e();
    const compliance = await staffWithRoles(e.server, ['compliance']);
    owner = await signUpCustomer(e.server, '13800138011', '张伟');
    payer = await signUpCustomer(e.server, '13800138012', '李华');
    await fund(e.server, payer.walletId, 100_000n);
    const m = await call(e.server, 'POST', '/v1/merchants', {
      token: owner.token,
      body: {
        businessName: '张记面馆',
        mcc: '5812',
        settlement: {
          kind: 'bank_account',
          bankName: '中国工商银行',
          accountNumber: '6222 0212 3456 7890 123',
        },
        contact: { phone: owner.phone, email: 'zhang.noodles@example.com' },
      },
    });
    expect(m.status, m.text).toBe(201);
    merchantId = m.json.id;
    const a = await call(e.server, 'POST', `/v1/staff/merchants/${merchantId}/approve`, {
      token: compliance.token,
      body: {},
    });
    expect(a.status, a.text).toBe(200);
    const q = await call(e.server, 'POST', `/v1/merchants/${merchantId}/qr-codes`, {
      token: owner.token,
      body: { kind: 'static' },
    });
    expect(q.status, q.text).toBe(201);
    for (const amount of ['10.00', '20.00']) {
      const p = await call(e.server, 'POST', '/v1/qr/pay', {
        token: payer.token,
        headers: { 'x-device-id': payer.deviceId },
        body: { payload: q.json.payload, amount: { amount, currency: 'CNY' } },
        idempotencyKey: randomUUID(),
      });
      expect(p.status, p.text).toBe(201);
    }
    const k = await call(e.server, 'POST', `/v1/merchants/${merchantId}/api-keys`, {
      token: owner.token,
      body: { name: 'shop', scopes: ['orders:write', 'orders:read'] },
    });
    expect(k.status, k.text).toBe(201);
    const o = await call(e.server, 'POST', '/v1/merchant/orders', {
      token: k.json.key,
      body: {
        amount: { amount: '50.00', currency: 'CNY' },
        reference: 'ORD-2026-0001',
        description: '牛肉面 ×2',
      },
    });
    expect(o.status, o.text).toBe(201);
    orderId = o.json.id;
    const paid = await call(e.server, 'POST', `/v1/checkout/${orderId}/pay`, {
      token: payer.token,
      headers: { 'x-device-id': payer.deviceId },
      body: {},
      idempotencyKey: randomUUID(),
    });
    expect(paid.status, paid.text).toBe(201);
  }, 240_000);
  afterAll(async () => {
    await e?.close();
  });

  /** Both sizes of the screen the page shows now, in zh-CN. */
  async function shots(page: Page, name: string) {
    await screenshot(page, `merchant-${name}-zh-phone`);
    await page.setViewportSize(DESKTOP);
    await screenshot(page, `merchant-${name}-zh-desktop`);
    await page.setViewportSize(PHONE);
  }

  it('sees the takings, refunds part of the paid order, is refused beyond the rest; the day settles', async () => {
    const context = await newContext(e.browser, PHONE, undefined, owner.deviceId);
    const page = await context.newPage();
    try {
      await signInInBrowser(page, e.url, owner.phone);
      await page.goto(`${e.url}/merchant/${merchantId}`);
      const table = page.getByTestId('sales-table');
      await table.waitFor({ state: 'attached' });
      const row = (await table.locator('tbody tr').allTextContents()).join('|');
      expect(row).toContain('3');
      expect(row).toContain('80.00');
      expect(await page.getByTestId('today-takings').textContent()).toContain('80.00');
      await shots(page, 'overview');

      await page.getByRole('link', { name: Z.nav.payments, exact: true }).click();
      await expect.poll(() => page.getByTestId('payment-row').count()).toBe(3);
      const first = (await page.getByTestId('payment-row').first().textContent()) ?? '';
      expect(first).toContain(Z.payments.method.order);
      expect(first).toContain('*华');
      expect(first).toContain('50.00');
      expect(first).not.toContain('李华');
      await shots(page, 'payments');

      await page.getByRole('link', { name: Z.payments.openOrder }).click();
      await page.waitForURL(`**/merchant/${merchantId}/orders/${orderId}`);
      const amount = page.getByLabel(Z.orders.refundAmount);
      await expect.poll(() => amount.inputValue()).toBe('50.00');
      await amount.fill('20.00');
      await page.getByLabel(Z.orders.reason).fill('少了一碗面');
      await page.getByRole('button', { name: Z.orders.refundNext }).click();
      expect(await page.getByTestId('refund-confirm').textContent()).toContain('20.00');
      await page.getByRole('button', { name: Z.orders.confirmRefundYes }).click();
      await page.getByTestId('refund-result').waitFor();
      await expect.poll(() => page.getByTestId('refund-row').count()).toBe(1);
      await expect.poll(() => page.getByTestId('order-refundable').textContent()).toContain('30.00');
      expect(await page.getByTestId('order-refunded').textContent()).toContain('20.00');
      await expect.poll(() => amount.inputValue()).toBe('30.00');
      await shots(page, 'order');

      await amount.fill('40.00');
      await page.getByRole('button', { name: Z.orders.refundNext }).click();
      await page.getByRole('button', { name: Z.orders.confirmRefundYes }).click();
      await page.getByText(orderWords.REFUND_EXCEEDS_PAID!['zh-CN']).waitFor();
      expect(await page.getByTestId('refund-row').count()).toBe(1);
      await shots(page, 'refund-refused');

      await page.getByRole('link', { name: Z.nav.orders, exact: true }).click();
      await expect.poll(() => page.getByTestId('order-row').count()).toBe(1);
      expect(await page.getByTestId('order-row').textContent()).toContain(Z.orders.status.paid);
      await shots(page, 'orders');

      // The settlement run of the CLI, its clock a day ahead: today is past its cut-off.
      const said: string[] = [];
      const code = await settleCommand(
        e.server.config,
        e.server.db.pool,
        {},
        (m) => said.push(m),
        () => new Date(Date.now() + 24 * 3600_000 + 15 * 60_000),
      );
      expect(code, said.join('\n')).toBe(0);
      await page.getByRole('link', { name: Z.nav.settlements, exact: true }).click();
      await expect.poll(() => page.getByTestId('settlement-row').count()).toBeGreaterThan(0);
      const settled = (await page.getByTestId('settlement-row').allTextContents()).join('|');
      expect(settled).toContain(Z.settlements.status.paid);
      expect(settled).toContain('80.00'); // gross
      expect(settled).toContain('20.00'); // refunds
      expect(settled).toContain('0.30'); // MDR 0.38 % of ¥80.00
      expect(settled).toContain('59.70'); // net
      expect(settled).toContain('•••• 0123');
      await shots(page, 'settlements');
    } finally {
      await context.close();
    }
  }, 120_000);
});
