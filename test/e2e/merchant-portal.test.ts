import { readFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import jsQRModule from 'jsqr';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en, zhCN } from '../../apps/web/src/merchant/locales.ts';
import { call } from '../helpers/api.ts';
import { type StaffUser, staffWithRoles } from '../helpers/staff.ts';
import {
  type E2e,
  newContext,
  screenshot,
  screensInEveryMode,
  seriousA11yViolations,
  signInInBrowser,
  signUpCustomer,
  startE2e,
} from './browser.ts';

// The merchant portal in a real browser against the real API server: the owner sees the merchant,
// makes a dynamic payment code and downloads its card (the PNG's QR decodes to the code's payload),
// creates an API key (shown once), adds a webhook endpoint that a receiver in this test answers,
// sends a test event and finds it delivered in the log; a cashier sees no owner-only sections.
const PHONE = { width: 390, height: 844 };
// jsqr is CommonJS with a `default` in its types: take the function whichever way it arrives.
type Decode = (data: Uint8ClampedArray, w: number, h: number) => { data: string } | null;
const jsQR: Decode =
  (jsQRModule as unknown as { default?: Decode }).default ?? (jsQRModule as unknown as Decode);
const Z = zhCN;
type Customer = Awaited<ReturnType<typeof signUpCustomer>>;

describe('merchant portal in Chromium', () => {
  let e: E2e;
  let compliance: StaffUser;
  let owner: Customer;
  let cashier: Customer;
  let merchantId: string;
  let receiver: HttpServer;
  let receiverUrl: string;
  const received: { path: string; body: string }[] = [];

  async function apply(who: Customer, businessName: string, mcc = '5812') {
    const r = await call(e.server, 'POST', '/v1/merchants', {
      token: who.token,
      headers: { 'x-device-id': who.deviceId },
      body: {
        businessName,
        mcc,
        settlement: {
          kind: 'bank_account',
          bankName: '中国工商银行',
          accountNumber: '6222 0212 3456 7890 123',
        },
        contact: { phone: who.phone, email: 'zhang.noodles@example.com' },
      },
    });
    expect(r.status, r.text).toBe(201);
    return r.json.id as string;
  }

  beforeAll(async () => {
    e = await startE2e();
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    compliance = await staffWithRoles(e.server, ['compliance']);
    owner = await signUpCustomer(e.server, '13800138001', '张伟');
    cashier = await signUpCustomer(e.server, '13800138002', '王芳');
    merchantId = await apply(owner, '张记面馆');
    const a = await call(e.server, 'POST', `/v1/staff/merchants/${merchantId}/approve`, {
      token: compliance.token,
      body: {},
    });
    expect(a.status, a.text).toBe(200);
    const u = await call(e.server, 'POST', `/v1/merchants/${merchantId}/users`, {
      token: owner.token,
      body: { phone: cashier.phone, role: 'cashier' },
    });
    expect(u.status, u.text).toBe(201);
    // A static code at the till (the cashier's test and the screenshots need one of their own).
    const q = await call(e.server, 'POST', `/v1/merchants/${merchantId}/qr-codes`, {
      token: owner.token,
      body: { kind: 'static' },
    });
    expect(q.status, q.text).toBe(201);
    // A second application of the owner's, still waiting for review.
    await apply(owner, '便民超市', '5411');
  }, 240_000);
  afterAll(async () => {
    await new Promise((r) => receiver?.close(r));
    await e?.close();
  });

  async function ownerPage(): Promise<Page> {
    const context = await newContext(e.browser, PHONE, undefined, owner.deviceId);
    const page = await context.newPage();
    await signInInBrowser(page, e.url, owner.phone);
    return page;
  }

  it('the owner makes a dynamic code and downloads its card: the PNG decodes to the payload; PDF too', async () => {
    const page = await ownerPage();
    try {
      await page.getByTestId('merchant-portal-link').click();
      await page.waitForURL(`**/merchant/${merchantId}`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('张记面馆');
      await page.getByRole('link', { name: Z.nav.qrCodes, exact: true }).first().click();
      await page.getByLabel(Z.qr.amount).fill('36.50');
      await page.getByLabel(Z.qr.reference).fill('ORD-1');
      await page.getByRole('button', { name: Z.qr.create, exact: true }).click();
      await page.waitForURL(`**/merchant/${merchantId}/qr-codes/*`);
      await page.locator('.mp-card-preview').waitFor();
      const shown = (await page.getByTestId('qr-payload').textContent())!.trim();

      const list = await call(e.server, 'GET', `/v1/merchants/${merchantId}/qr-codes`, {
        token: owner.token,
      });
      const made = list.json.items.find((c: { kind: string }) => c.kind === 'dynamic');
      expect(made).toMatchObject({ kind: 'dynamic', amount: { amount: '36.50' }, reference: 'ORD-1' });
      expect(shown).toBe(made.payload);

      const [png] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: Z.print.png }).click(),
      ]);
      expect(png.suggestedFilename()).toMatch(/\.png$/);
      const image = PNG.sync.read(readFileSync((await png.path())!));
      const decoded = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
      expect(decoded?.data).toBe(made.payload);

      const [pdf] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: Z.print.pdf }).click(),
      ]);
      expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
      expect(
        readFileSync((await pdf.path())!)
          .subarray(0, 5)
          .toString('latin1'),
      ).toBe('%PDF-');
    } finally {
      await page.context().close();
    }
  });

  it('the owner creates an API key (shown once, and it works), adds a webhook and sees the test event delivered', async () => {
    const page = await ownerPage();
    try {
      await page.goto(`${e.url}/merchant/${merchantId}/api-keys`);
      await page.getByLabel(Z.keys.name).fill('门店收银系统');
      await page.getByRole('button', { name: Z.keys.create, exact: true }).click();
      const key = (await page.getByTestId('secret-once').textContent())!.trim();
      expect(key).toMatch(/^ybk_live_/);
      const me = await call(e.server, 'GET', '/v1/merchant/me', { token: key });
      expect(me.status, me.text).toBe(200);
      expect(me.json.merchant.id).toBe(merchantId);
      await page.getByRole('button', { name: Z.done }).click();
      await expect.poll(() => page.getByTestId('secret-once').count()).toBe(0);
      await expect.poll(() => page.getByTestId('key-row').count()).toBe(1);
      expect(await page.getByTestId('key-row').textContent()).not.toContain(key);

      await page.getByRole('link', { name: Z.nav.webhooks, exact: true }).click();
      await page.getByLabel(Z.hooks.url).fill(`${receiverUrl}/yinbao`);
      await page.getByRole('button', { name: Z.hooks.add, exact: true }).click();
      expect((await page.getByTestId('secret-once').textContent())!.trim()).toMatch(/^whsec_/);
      await page.getByRole('button', { name: Z.done }).click();
      await page.getByRole('link', { name: `${Z.hooks.open}: ${receiverUrl}/yinbao` }).click();
      await page.getByRole('button', { name: Z.hook.test }).click();
      await page.getByText(Z.hook.testSent).waitFor();
      const delivered = page.locator('[data-testid="delivery-row"][data-status="delivered"]');
      await delivered.first().waitFor({ timeout: 30_000 });
      expect(await delivered.first().textContent()).toContain('merchant.ping');
      expect(await delivered.first().textContent()).toContain('HTTP 200');
      expect(received.some((r) => r.path === '/yinbao' && r.body.includes('merchant.ping'))).toBe(true);

      // Sent again: the same event goes out once more and is delivered.
      const before = received.length;
      await page.getByRole('button', { name: Z.hook.resend }).first().click();
      await page.getByText(Z.hook.resent).waitFor();
      await expect.poll(() => received.length, { timeout: 30_000 }).toBeGreaterThan(before);
    } finally {
      await page.context().close();
    }
  });

  it('a customer without a merchant applies in the portal and sees it waiting for review', async () => {
    const newcomer = await signUpCustomer(e.server, '13800138003', '赵六');
    const context = await newContext(e.browser, PHONE, undefined, newcomer.deviceId);
    const page = await context.newPage();
    try {
      await signInInBrowser(page, e.url, newcomer.phone);
      expect(await page.getByTestId('merchant-portal-link').count()).toBe(0); // home links only merchants
      await page.goto(`${e.url}/merchant`);
      await page.getByText(Z.none).waitFor();
      await page.getByRole('link', { name: Z.apply.title }).click();
      await page.getByLabel(Z.apply.businessName).fill('赵记水果店');
      await page.getByLabel(Z.apply.mcc).selectOption('5499');
      await page.getByLabel(Z.apply.bankName).fill('中国银行');
      await page.getByLabel(Z.apply.accountNumber).fill('6216 6100 0001 8888');
      await page.getByLabel(Z.apply.contactPhone).fill('13800138003');
      await page.getByLabel(Z.apply.contactEmail).fill('zhao@example.cn');
      await page.getByRole('button', { name: Z.apply.submit }).click();
      await page.getByText(Z.home.pendingTitle).waitFor();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('赵记水果店');
      // In review: only the overview and the codes (which the server will not make until it is live).
      const mine = await call(e.server, 'GET', '/v1/me/merchants', { token: newcomer.token });
      expect(mine.json.items).toMatchObject([
        { businessName: '赵记水果店', status: 'pending_review', role: 'owner', category: { code: '5499' } },
      ]);
    } finally {
      await context.close();
    }
  });

  it('a cashier sees the merchant and its codes, but no API keys, webhooks or staff, and cannot make codes', async () => {
    const context = await newContext(e.browser, PHONE, undefined, cashier.deviceId);
    const page = await context.newPage();
    try {
      await signInInBrowser(page, e.url, cashier.phone);
      await page.getByTestId('merchant-portal-link').click();
      await page.waitForURL(`**/merchant/${merchantId}`);
      const nav = page.getByRole('navigation', { name: Z.nav.label });
      await nav.getByRole('link', { name: Z.nav.qrCodes }).waitFor();
      for (const hidden of [Z.nav.apiKeys, Z.nav.webhooks, Z.nav.team]) {
        expect(await nav.getByRole('link', { name: hidden }).count()).toBe(0);
      }
      await nav.getByRole('link', { name: Z.nav.qrCodes }).click();
      await page.getByText(Z.qr.cashierHint).waitFor();
      expect(await page.getByRole('button', { name: Z.qr.create, exact: true }).count()).toBe(0);
      await expect.poll(() => page.getByTestId('qr-row').count()).toBeGreaterThan(0);
      expect(await page.getByRole('button', { name: Z.qr.disable }).count()).toBe(0);
      // Typed in by hand, an owner's screen says in plain words that it is for owners (no forms).
      await page.goto(`${e.url}/merchant/${merchantId}/api-keys`);
      await page.getByRole('alert').first().waitFor();
      expect(await page.getByRole('alert').first().textContent()).toContain('只有店主');
      expect(await page.getByLabel(Z.keys.name).count()).toBe(0);
      for (const v of await seriousA11yViolations(page)) throw new Error(v);
      await screenshot(page, 'merchant-cashier-zh-phone');
    } finally {
      await context.close();
    }
  });

  it('every portal screen in every mode: no serious accessibility violations, screenshots', async () => {
    const hook = await call(e.server, 'GET', `/v1/merchants/${merchantId}/webhooks`, { token: owner.token });
    const webhookId = hook.json.items[0]?.id as string;
    const codes = await call(e.server, 'GET', `/v1/merchants/${merchantId}/qr-codes`, { token: owner.token });
    const qrCodeId = codes.json.items[0]?.id as string;
    const mine = await call(e.server, 'GET', '/v1/me/merchants', { token: owner.token });
    const pending = mine.json.items.find((m: { status: string }) => m.status === 'pending_review')
      .id as string;
    const failures = await screensInEveryMode(e, owner, async (page, check, mode) => {
      const T = mode.lang === 'en' ? en : zhCN;
      const at = async (path: string, ready: () => Promise<unknown>) => {
        await page.goto(`${e.url}/merchant${path}`);
        await ready();
      };
      await at(`/${merchantId}`, () => page.getByTestId('merchant-status').waitFor());
      await check('merchant-home');
      await at(`/${pending}`, () => page.getByText(T.home.pendingTitle).waitFor());
      await check('merchant-pending');
      await at('/apply', () => page.getByLabel(T.apply.businessName).waitFor());
      await page.getByRole('button', { name: T.apply.submit }).click(); // the field errors show
      await page.locator('.yb-field-error').first().waitFor();
      await check('merchant-apply');
      await at(`/${merchantId}/qr-codes`, () => page.getByTestId('qr-row').first().waitFor());
      await check('merchant-qr-codes');
      await at(`/${merchantId}/qr-codes/${qrCodeId}`, () => page.locator('.mp-card-preview').waitFor());
      await check('merchant-qr-print');
      await at(`/${merchantId}/api-keys`, () => page.getByTestId('key-row').first().waitFor());
      await check('merchant-api-keys');
      await at(`/${merchantId}/webhooks`, () => page.getByTestId('webhook-row').first().waitFor());
      await check('merchant-webhooks');
      await at(`/${merchantId}/webhooks/${webhookId}`, () =>
        page.getByTestId('delivery-row').first().waitFor(),
      );
      await check('merchant-webhook');
      await at(`/${merchantId}/team`, () => page.getByTestId('team-row').nth(1).waitFor());
      await check('merchant-team');
    });
    expect(failures).toEqual([]);
  }, 600_000);
});
