import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../apps/web/src/errors.ts';
import { decodeQrPng } from '../helpers/qr-png.ts';
import { fund } from '../helpers/server.ts';
import {
  type E2e,
  MODES,
  newContext,
  PASSWORD,
  screenshot,
  screenshotDir,
  screensInEveryMode,
  signInInBrowser,
  signUpCustomer,
  startE2e,
} from './browser.ts';
import { customerApi, openActiveMerchant } from './merchant-fixtures.ts';

// 付款码 in a real browser against the real API server: the customer shows the code, the shop's till
// (its cashier's session over HTTP: the web till has its own test) takes it; above ¥500 the customer
// confirms on the phone (PIN), or declines; a used code pays nothing.
const PHONE = { width: 390, height: 844 };
const ZH = MODES[0];
const PIN = '582913';
const SHOP = '便民超市 Corner Market';

const L = {
  payCode: /^(付款码|Pay code)$/,
  show: /^(显示数字|Show number)$/,
  paid: /^(付款成功|Paid)$/,
  newCode: /^(显示新的付款码|Show a new pay code)$/,
  sheet: /^(请确认付款|Confirm this payment)$/,
  pay: /^(确认付款|Confirm and pay)$/,
  decline: /^(拒绝|Decline)$/,
  declined: /^(已拒绝这笔付款|Payment declined)$/,
  stepUp: /^(确认身份|Confirm it is you)$/,
  pin: /^(支付密码（6 位数字）|Payment PIN \(6 digits\))$/,
  confirm: /^(确认|Confirm)$/,
  pendingOpen: /^(去确认|Confirm)$/,
};

type Customer = Awaited<ReturnType<typeof signUpCustomer>>;

describe('付款码 in Chromium: shown, taken by the till, confirmed or declined on the phone', () => {
  let e: E2e;
  let owner: Customer;
  let cashier: Customer;
  let merchantId: string;
  const contexts: BrowserContext[] = [];

  const api = (c: Customer, method: string, path: string, body?: unknown) =>
    customerApi(e.server, c, method, path, body);
  /** The till: the cashier submits the code with the amount. */
  const till = (code: string, amount: string) =>
    api(cashier, 'POST', `/v1/merchants/${merchantId}/pos/payments`, {
      method: 'pay_code',
      code,
      amount: { amount, currency: 'CNY' },
      reference: `SALE-${randomUUID().slice(0, 8)}`,
    });
  const tillPoll = (paymentId: string) =>
    api(cashier, 'GET', `/v1/merchants/${merchantId}/pos/payments/${paymentId}`);
  async function available(c: Customer) {
    const r = await api(c, 'GET', `/v1/wallets/${c.walletId}`);
    return (r.json.balances as { currency: string; available: string }[]).find((b) => b.currency === 'CNY')!
      .available;
  }
  async function payer(phone: string, name: string, yuan: number) {
    const c = await signUpCustomer(e.server, phone, name);
    await fund(e.server, c.walletId, BigInt(yuan) * 100n);
    expect((await api(c, 'PUT', '/v1/me/pin', { pin: PIN, password: PASSWORD })).status).toBe(200);
    return c;
  }
  async function signedIn(c: Customer): Promise<Page> {
    const context = await newContext(e.browser, PHONE, ZH, c.deviceId);
    contexts.push(context);
    const page = await context.newPage();
    await signInInBrowser(page, e.url, c.phone);
    return page;
  }
  /** The code on the screen, as the number revealed by "show number". */
  async function shownCode(page: Page): Promise<string> {
    await page.getByRole('button', { name: L.show }).click();
    const digits = (await page.getByTestId('paycode-number').innerText()).replace(/\D/g, '');
    expect(digits).toMatch(/^28\d{16}$/);
    return digits;
  }
  const mainText = (page: Page) => page.locator('main').innerText();

  beforeAll(async () => {
    e = await startE2e({
      env: { POS_CONFIRM_ABOVE_MINOR: '50000', RISK_STEP_UP_ABOVE_MINOR: '50000' },
    });
    owner = await signUpCustomer(e.server, '13700000001', '李娜');
    cashier = await signUpCustomer(e.server, '13700000002', '王芳');
    merchantId = await openActiveMerchant(e.server, owner, { businessName: SHOP, mcc: '5411' });
    const added = await api(owner, 'POST', `/v1/merchants/${merchantId}/users`, {
      phone: cashier.phone,
      role: 'cashier',
    });
    expect(added.status, added.text).toBe(201);
  }, 180_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await e?.close();
  });

  it('a small payment: the till scans the QR, the customer sees the receipt and a new code; the used code pays nothing', async () => {
    const c = await payer('13700000011', '赵小付', 100);
    const page = await signedIn(c);
    await page.getByRole('link', { name: L.payCode }).click();
    await page.waitForURL('**/paycode');
    const qr = page.getByRole('img', { name: /^(付款二维码|Payment QR code)$/ });
    await qr.locator('svg').waitFor();
    await page.getByRole('img', { name: /^(付款条形码|Payment barcode)$/ }).waitFor();
    // The number is hidden but for its ends until asked for.
    expect(await page.getByTestId('paycode-number').innerText()).toContain('••••');
    // What the till's scanner reads off the screen is the code the number shows.
    const png = join(screenshotDir, 'paycode-qr-read.png');
    await qr.screenshot({ path: png });
    const read = decodeQrPng(png);
    const code = await shownCode(page);
    expect(read).toBe(code);

    const r = await till(code, '23.50');
    expect([r.status, r.json.status], r.text).toEqual([201, 'completed']);
    await page.getByRole('heading', { name: L.paid }).waitFor({ timeout: 15_000 });
    const receipt = await mainText(page);
    expect(receipt).toContain(SHOP);
    expect(receipt).toContain('¥23.50');
    await screenshot(page, 'paycode-receipt-zh-phone');
    expect(await available(c)).toBe('76.50');

    await page.getByRole('button', { name: L.newCode }).click();
    const next = await shownCode(page);
    expect(next).not.toBe(code);
    // The code that paid cannot pay again.
    const again = await till(code, '23.50');
    expect([again.status, again.json.code]).toEqual([400, 'PAY_CODE_INVALID']);
    expect(await available(c)).toBe('76.50');
  }, 90_000);

  it('¥600: the confirm sheet appears on the phone, the PIN confirms, the till reads completed', async () => {
    const c = await payer('13700000012', '钱大额', 1000);
    const page = await signedIn(c);
    await page.goto(`${e.url}/paycode`);
    const code = await shownCode(page);
    const r = await till(code, '600.00');
    expect([r.status, r.json.status], r.text).toEqual([201, 'awaiting_customer']);
    await page.getByRole('heading', { name: L.sheet }).waitFor({ timeout: 15_000 });
    const sheet = await mainText(page);
    expect(sheet).toContain(SHOP);
    expect(sheet).toContain('¥600.00');
    await screenshot(page, 'paycode-confirm-zh-phone');
    await page.getByRole('button', { name: L.pay }).click();
    await page.getByRole('heading', { name: L.stepUp }).waitFor();
    await page.getByLabel(L.pin).fill(PIN);
    await page.getByRole('button', { name: L.confirm }).click();
    await page.getByRole('heading', { name: L.paid }).waitFor();
    expect(await mainText(page)).toContain('¥600.00');
    const polled = await tillPoll(r.json.id);
    expect([polled.status, polled.json.status], polled.text).toEqual([200, 'completed']);
    expect(await available(c)).toBe('400.00');
    // Back to a fresh code; the confirmed payment is not shown twice.
    await page.getByRole('button', { name: L.newCode }).click();
    await shownCode(page);
    await page.waitForTimeout(2500);
    expect(await page.getByRole('heading', { name: L.paid }).count()).toBe(0);
  }, 90_000);

  it('declined from home’s banner: nothing is paid, the till reads declined', async () => {
    const c = await payer('13700000013', '孙拒绝', 1000);
    const page = await signedIn(c);
    await page.goto(`${e.url}/paycode`);
    const code = await shownCode(page);
    await page.getByRole('link', { name: /^(返回|Back)$/ }).click();
    await page.waitForURL('**/home');
    const r = await till(code, '700.00');
    expect([r.status, r.json.status], r.text).toEqual([201, 'awaiting_customer']);
    // Home notices (it polls only while shown) and leads to the sheet.
    await page.getByRole('link', { name: L.pendingOpen }).click({ timeout: 15_000 });
    await page.getByRole('heading', { name: L.sheet }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: L.decline }).click();
    await page.getByRole('heading', { name: L.declined }).waitFor();
    const polled = await tillPoll(r.json.id);
    expect([polled.status, polled.json.status], polled.text).toEqual([200, 'declined']);
    expect(await available(c)).toBe('1000.00');
  }, 90_000);

  it('a frozen wallet gets plain words, not a code', async () => {
    const c = await payer('13700000014', '周冻结', 10);
    const frozen = await api(c, 'POST', '/v1/me/freeze', { reason: 'suspicious' });
    expect(frozen.status, frozen.text).toBeLessThan(300);
    const page = await signedIn(c);
    await page.goto(`${e.url}/paycode`);
    await page
      .getByRole('heading', { name: /^(现在不能显示付款码|Your pay code cannot be shown right now)$/ })
      .waitFor();
    expect(await mainText(page)).toContain(ERROR_MESSAGES.WALLET_FROZEN!['zh-CN']);
  }, 60_000);

  it('tap to pay: a P-256 key made in the browser signs a tap the till takes; switched off, its taps are refused', async () => {
    const c = await payer('13700000016', '郑碰一碰', 100);
    const page = await signedIn(c);
    await page.goto(`${e.url}/security`);
    await page.getByRole('link', { name: /^(碰一碰付款|Tap to pay)/ }).click();
    await page.waitForURL('**/security/tap-to-pay');
    await page.getByRole('switch', { name: /碰一碰付款|Tap to pay/ }).click();
    await page.getByText(/^(已开启：本设备可以碰一碰付款。|On: this device can tap to pay\.)$/).waitFor();
    const listed = await api(c, 'GET', '/v1/nfc/keys');
    expect(listed.json.items).toHaveLength(1);
    expect(listed.json.items[0].algorithm).toBe('P-256');
    const keyId = listed.json.items[0].id as string;
    await screenshot(page, 'paycode-tap-to-pay-zh-phone');

    // What a phone would hand the terminal: the tap signed in the page with the stored key, which
    // cannot be exported (the page says so), then taken by the till.
    const tap = async (counter: number) =>
      (await page.evaluate(`(async () => {
        const db = await new Promise((ok, no) => {
          const r = indexedDB.open('yb-tap-to-pay', 1);
          r.onsuccess = () => ok(r.result);
          r.onerror = () => no(r.error);
        });
        const k = await new Promise((ok) => {
          const r = db.transaction('keys').objectStore('keys').get('this-device');
          r.onsuccess = () => ok(r.result);
        });
        const exportable = await crypto.subtle.exportKey('pkcs8', k.privateKey).then(() => true, () => false);
        const t = { keyId: k.keyId, merchantId: '${merchantId}', amount: '12.00', currency: 'CNY', counter: ${counter}, time: Date.now() };
        const text = ['yinbao-nfc-tap-v1', t.keyId, t.merchantId, t.amount, t.currency, String(t.counter), String(t.time)].join('\\n');
        const sig = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, k.privateKey, new TextEncoder().encode(text)));
        let s = '';
        for (const b of sig) s += String.fromCharCode(b);
        return { exportable, tap: { ...t, signature: btoa(s).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '') } };
      })()`)) as { exportable: boolean; tap: Record<string, unknown> };
    const first = await tap(1);
    expect(first.exportable).toBe(false);
    expect(first.tap.keyId).toBe(keyId);
    const paid = await api(cashier, 'POST', `/v1/merchants/${merchantId}/pos/payments`, {
      method: 'nfc',
      tap: first.tap,
      reference: `TAP-${randomUUID().slice(0, 8)}`,
    });
    expect([paid.status, paid.json.status], paid.text).toEqual([201, 'completed']);
    expect(await available(c)).toBe('88.00');

    // A tap signed before the switch goes off pays nothing after.
    const later = await tap(2);
    await page.getByRole('switch', { name: /碰一碰付款|Tap to pay/ }).click();
    await page.getByText(/^(已关闭。|Off\.)$/).waitFor();
    expect((await api(c, 'GET', '/v1/nfc/keys')).json.items).toHaveLength(0);
    const refused = await api(cashier, 'POST', `/v1/merchants/${merchantId}/pos/payments`, {
      method: 'nfc',
      tap: later.tap,
      reference: `TAP-${randomUUID().slice(0, 8)}`,
    });
    expect([refused.status, refused.json.code]).toEqual([400, 'NFC_TAP_INVALID']);
    expect(await available(c)).toBe('88.00');
  }, 90_000);

  it('付款码, the confirm sheet and tap to pay in every mode: axe-core clean, screenshots', async () => {
    const c = await payer('13700000015', '吴看看', 5000);
    const failures = await screensInEveryMode(e, c, async (page, check) => {
      await page.goto(`${e.url}/home`);
      await page.getByRole('link', { name: L.payCode }).click();
      const code = await shownCode(page);
      await page
        .getByRole('img', { name: /^(付款二维码|Payment QR code)$/ })
        .locator('svg')
        .waitFor();
      await check('paycode');
      const r = await till(code, '520.00');
      expect(r.json.status, r.text).toBe('awaiting_customer');
      await page.getByRole('heading', { name: L.sheet }).waitFor({ timeout: 15_000 });
      await check('paycode-confirm');
      await page.getByRole('button', { name: L.decline }).click();
      await page.getByRole('heading', { name: L.declined }).waitFor();
      await page.goto(`${e.url}/security/tap-to-pay`);
      await page.getByRole('switch', { name: /碰一碰付款|Tap to pay/ }).waitFor();
      await page.getByText(/^(已关闭。|Off\.)$/).waitFor();
      await check('paycode-tap-to-pay');
    });
    expect(failures).toEqual([]);
  }, 300_000);
});
