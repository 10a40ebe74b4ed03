import { randomUUID } from 'node:crypto';
import { type StartedShopSimulator, startShopSimulator } from '@yinbao/simulators';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../apps/web/src/errors.ts';
import { zhCN as CHECKOUT } from '../../apps/web/src/features/checkout/locales.ts';
import { call as http } from '../helpers/api.ts';
import { fund } from '../helpers/server.ts';
import {
  type E2e,
  MODES,
  newContext,
  PASSWORD,
  screenshot,
  screensInEveryMode,
  signInInBrowser,
  signUpCustomer,
  startE2e,
} from './browser.ts';
import { customerApi, openActiveMerchant } from './merchant-fixtures.ts';

// Online checkout end to end: the demo shop (a real merchant server over HTTP, its API key, its
// webhook endpoint) sends the browser to Yinbao's hosted page; the customer signs in, pays, returns
// to the shop, and the shop shows "paid" because Yinbao's signed order.paid webhook arrived.
const PHONE = { width: 390, height: 844 };
const ZH = MODES[0];
const PIN = '582913';
const SHOP = '张记面馆';

const L = {
  pay: /^(确认付款|Confirm and pay)$/,
  next: /^(下一步：核对|Next: check)$/,
  paid: /^(付款成功|Paid)$/,
  stepUp: /^(确认身份|Confirm it is you)$/,
  pin: /^(支付密码（6 位数字）|Payment PIN \(6 digits\))$/,
  confirm: /^(确认|Confirm)$/,
  returnTo: /^(返回|Return to )张记面馆$/,
};

type Customer = Awaited<ReturnType<typeof signUpCustomer>>;

describe('online checkout in Chromium: demo shop → hosted page → pay → back to the shop, paid by webhook', () => {
  let e: E2e;
  let shop: StartedShopSimulator;
  let owner: Customer;
  let merchantId: string;
  let apiKey: string;
  const contexts: BrowserContext[] = [];

  const api = (c: Customer, method: string, path: string, body?: unknown) =>
    customerApi(e.server, c, method, path, body);
  async function available(c: Customer) {
    const r = await api(c, 'GET', `/v1/wallets/${c.walletId}`);
    return (r.json.balances as { currency: string; available: string }[]).find((b) => b.currency === 'CNY')!
      .available;
  }
  async function payer(phone: string, name: string, yuan: number) {
    const c = await signUpCustomer(e.server, phone, name);
    await fund(e.server, c.walletId, BigInt(yuan) * 100n);
    return c;
  }
  /** An order made by the merchant's server directly (the shop's page makes its own). */
  async function order(amount: string, reference = `API-${randomUUID()}`) {
    const r = await http(e.server, 'POST', '/v1/merchant/orders', {
      token: apiKey,
      body: {
        amount: { amount, currency: 'CNY' },
        reference,
        description: '牛肉面 ×1',
        returnUrl: `${shop.url}/orders/${reference}`,
      },
    });
    expect(r.status, r.text).toBe(201);
    return r.json as { id: string; reference: string; checkoutUrl: string };
  }
  async function signedIn(c: Customer): Promise<Page> {
    const context = await newContext(e.browser, PHONE, ZH, c.deviceId);
    contexts.push(context);
    const page = await context.newPage();
    await signInInBrowser(page, e.url, c.phone);
    return page;
  }
  const mainText = (page: Page) => page.locator('main').innerText();

  beforeAll(async () => {
    e = await startE2e({ env: { RISK_STEP_UP_ABOVE_MINOR: '50000' } });
    owner = await signUpCustomer(e.server, '13700000001', '张伟');
    merchantId = await openActiveMerchant(e.server, owner, { businessName: SHOP, mcc: '5812' });
    // The shop runs first (its address is the webhook URL), then the owner gives it a key and an endpoint.
    shop = await startShopSimulator({ yinbaoUrl: e.server.url });
    const key = await api(owner, 'POST', `/v1/merchants/${merchantId}/api-keys`, {
      name: 'web shop',
      scopes: ['orders:write', 'orders:read'],
    });
    expect(key.status, key.text).toBe(201);
    apiKey = key.json.key;
    const hook = await api(owner, 'POST', `/v1/merchants/${merchantId}/webhooks`, {
      url: `${shop.url}/webhooks/yinbao`,
      events: ['order.paid'],
    });
    expect(hook.status, hook.text).toBe(201);
    shop.config.apiKey = apiKey;
    shop.config.webhookSecrets = [hook.json.secret];
  }, 180_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await shop?.close();
    await e?.close();
  });

  it('(1) the shop page → pay with Yinbao → sign in → the hosted page → pay → return → "paid" by the webhook', async () => {
    const c = await payer('13700000011', '王网购', 100);
    const context = await newContext(e.browser, PHONE, ZH, c.deviceId);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(shop.url);
    await screenshot(page, 'shop-menu-phone');
    await page.getByRole('button', { name: /Pay with Yinbao: 牛肉面/ }).click();
    // Signed out: the hosted page asks for sign-in, then comes back to the order.
    await page.waitForURL('**/sign-in');
    await page.getByLabel(/^(手机号|Mobile number)$/).fill(c.phone);
    await page.getByLabel(/^(登录密码|Password)$/).fill(PASSWORD);
    await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
    await page.waitForURL('**/checkout/*');
    await page.getByRole('heading', { name: SHOP }).waitFor();
    const form = await mainText(page);
    expect(form).toContain('¥18.00');
    expect(form).toContain('牛肉面');
    expect(form).toContain('餐馆');
    expect(form).toContain(CHECKOUT.noFee);
    expect(form).toMatch(/\d+:\d\d 后失效/);
    const [ref] = [...shop.state.orders.keys()];
    const cancel = page.getByRole('link', { name: CHECKOUT.cancel });
    expect(await cancel.getAttribute('href')).toMatch(
      new RegExp(`^${shop.url}/orders/${ref}\\?orderId=[0-9a-f-]{36}&status=open$`),
    );
    await screenshot(page, 'checkout-order-zh-phone');

    await page.getByRole('button', { name: L.pay }).click();
    await page.getByRole('heading', { name: L.paid }).waitFor();
    expect(await mainText(page)).toContain(`¥18.00 已付给 ${SHOP}`);
    await screenshot(page, 'checkout-paid-zh-phone');
    expect(await available(c)).toBe('82.00');

    await page.getByRole('link', { name: L.returnTo }).click();
    await page.waitForURL(`${shop.url}/orders/${ref}?orderId=*&status=paid`);
    // The shop's page refreshes itself until its webhook receiver has the signed order.paid.
    await page.getByText('paid ✓ (confirmed by Yinbao webhook)').waitFor({ timeout: 30_000 });
    await screenshot(page, 'shop-order-paid-phone');
    const events = shop.state.paidEvents();
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ reference: ref, amount: '18.00', currency: 'CNY' });
    expect(shop.state.orders.get(ref!)!.status).toBe('paid');
    expect(shop.state.rejected).toBe(0);
    expect(shop.state.mismatches).toEqual([]);

    // The link again (the back button, a second tab): plain words, nothing taken twice.
    await page.goto(shop.state.orders.get(ref!)!.checkoutUrl);
    await page.getByRole('heading', { name: CHECKOUT.state.paid }).waitFor();
    expect(await mainText(page)).toContain(ERROR_MESSAGES.ORDER_ALREADY_PAID!['zh-CN']);
    expect(await available(c)).toBe('82.00');
  }, 120_000);

  it('(2) an expired, a cancelled and an unknown order get plain words (and the way back to the shop)', async () => {
    const c = await payer('13700000012', '李过期', 100);
    const o = await order('18.00');
    await e.server.db.pool.query(
      `UPDATE merchant_orders SET created_at = created_at - interval '1 hour',
              expires_at = expires_at - interval '1 hour' WHERE id = $1`,
      [o.id],
    );
    const page = await signedIn(c);
    await page.goto(o.checkoutUrl);
    await page.getByRole('heading', { name: CHECKOUT.state.expired }).waitFor();
    expect(await mainText(page)).toContain(ERROR_MESSAGES.ORDER_EXPIRED!['zh-CN']);
    expect(await page.getByRole('link', { name: L.returnTo }).getAttribute('href')).toBe(
      `${shop.url}/orders/${o.reference}?orderId=${o.id}&status=expired`,
    );
    await screenshot(page, 'checkout-expired-zh-phone');
    // Cancelled by the shop's server before the customer paid.
    const cancelled = await order('18.00');
    const r = await http(e.server, 'POST', `/v1/merchant/orders/${cancelled.id}/cancel`, {
      token: apiKey,
      body: {},
    });
    expect(r.status, r.text).toBe(200);
    await page.goto(cancelled.checkoutUrl);
    await page.getByRole('heading', { name: CHECKOUT.state.cancelled }).waitFor();
    expect(await mainText(page)).toContain(ERROR_MESSAGES.ORDER_CANCELLED!['zh-CN']);
    await page.goto(`${e.url}/checkout/${randomUUID()}`);
    await page.getByRole('heading', { name: CHECKOUT.state.notFound }).waitFor();
    expect(await mainText(page)).toContain(ERROR_MESSAGES.ORDER_NOT_FOUND!['zh-CN']);
    expect(await available(c)).toBe('100.00');
  }, 60_000);

  it('(3) above ¥500 the payment PIN confirms (the same payment, sent again with the proof)', async () => {
    const c = await payer('13700000013', '孙大单', 1000);
    expect((await api(c, 'PUT', '/v1/me/pin', { pin: PIN, password: PASSWORD })).status).toBe(200);
    const o = await order('600.00');
    const page = await signedIn(c);
    await page.goto(o.checkoutUrl);
    await page.getByRole('button', { name: L.pay }).click();
    await page.getByRole('heading', { name: L.stepUp }).waitFor();
    const panel = await mainText(page);
    expect(panel).toContain('¥600.00');
    expect(panel).toContain(SHOP);
    await page.getByLabel(L.pin).fill(PIN);
    await page.getByRole('button', { name: L.confirm }).click();
    await page.getByRole('heading', { name: L.paid }).waitFor();
    expect(await available(c)).toBe('400.00');
  }, 60_000);

  it('the checkout screens in every mode: axe-core clean, screenshots (elder: the check step)', async () => {
    const c = await payer('13700000015', '周看看', 200);
    const failures = await screensInEveryMode(e, c, async (page, check, mode) => {
      const o = await order('18.00');
      await page.goto(o.checkoutUrl);
      await page.getByRole('heading', { name: SHOP }).waitFor();
      await check('checkout');
      if (mode.elder) {
        await page.getByRole('button', { name: L.next }).click();
        await page.getByRole('heading', { name: /^(付款前请核对|Check before you pay)$/ }).waitFor();
        await check('checkout-check');
      }
      await page.getByRole('button', { name: L.pay }).click();
      await page.getByRole('heading', { name: L.paid }).waitFor();
      await check('checkout-paid');
    });
    expect(failures).toEqual([]);
  }, 240_000);
});
