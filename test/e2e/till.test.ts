import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en, zhCN } from '../../apps/web/src/merchant/till/locales.ts';
import { call } from '../helpers/api.ts';
import { fund } from '../helpers/server.ts';
import { staffWithRoles } from '../helpers/staff.ts';
import {
  chromiumPath,
  type E2e,
  MODES,
  type Mode,
  newContext,
  PASSWORD,
  screenshot,
  seriousA11yViolations,
  signInInBrowser,
  signUpCustomer,
  startE2e,
} from './browser.ts';

// The cashier's till in a real browser against the real API server, at a phone's size: the cashier
// types the amount and the customer's payment code (from POST /v1/pay-codes) and the customer pays;
// a ¥600 sale waits for the customer's confirmation (made over the API) and the till turns to paid
// by itself; a used code is refused in plain words; the camera (Chromium's fake one) reads a code.
const PHONE = { width: 390, height: 844 };
const Z = zhCN;
type Customer = Awaited<ReturnType<typeof signUpCustomer>>;

/** One frame of a Y4M video showing `text` as a QR code (what Chromium's fake camera plays). */
function qrVideoFrame(text: string, width = 640, height = 480): Buffer {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quiet = 4;
  const cells = modules.size + 2 * quiet;
  const scale = Math.floor(Math.min(width, height) / cells);
  const left = Math.floor((width - cells * scale) / 2);
  const top = Math.floor((height - cells * scale) / 2);
  const y = Buffer.alloc(width * height, 235);
  for (let r = 0; r < modules.size; r++)
    for (let c = 0; c < modules.size; c++) {
      if (!modules.get(r, c)) continue;
      for (let dy = 0; dy < scale; dy++) {
        const row = top + (r + quiet) * scale + dy;
        y.fill(16, row * width + left + (c + quiet) * scale, row * width + left + (c + quiet + 1) * scale);
      }
    }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  return Buffer.concat([header, Buffer.from('FRAME\n'), y, chroma]);
}

describe('the till in Chromium (cashier, phone)', () => {
  let e: E2e;
  let owner: Customer;
  let cashier: Customer;
  let merchantId: string;
  let phones = 0;
  const contexts: BrowserContext[] = [];
  const browsers: Browser[] = [];

  const api = (c: Customer, method: string, path: string, body?: unknown) =>
    call(e.server, method, path, {
      token: c.token,
      body,
      headers: { 'x-device-id': c.deviceId },
      ...(method === 'POST' ? { idempotencyKey: randomUUID() } : {}),
    });
  async function payer(yuan: number) {
    const c = await signUpCustomer(e.server, `1370000${String(++phones).padStart(4, '0')}`, '陈顾客');
    await fund(e.server, c.walletId, BigInt(yuan) * 100n);
    return c;
  }
  async function payCode(c: Customer): Promise<string> {
    const r = await api(c, 'POST', '/v1/pay-codes', {});
    expect(r.status, r.text).toBe(201);
    return r.json.code as string;
  }
  async function available(c: Customer) {
    const r = await api(c, 'GET', `/v1/wallets/${c.walletId}`);
    return (r.json.balances as { currency: string; available: string }[]).find((b) => b.currency === 'CNY')!
      .available;
  }
  async function till(browser: Browser = e.browser, mode: Mode = MODES[0]): Promise<Page> {
    const context = await newContext(browser, PHONE, mode, cashier.deviceId);
    contexts.push(context);
    const page = await context.newPage();
    await signInInBrowser(page, e.url, cashier.phone);
    await page.goto(`${e.url}/merchant/${merchantId}/till`);
    return page;
  }
  const result = (page: Page) => page.getByTestId('till-result');

  beforeAll(async () => {
    e = await startE2e({ env: { POS_CONFIRM_ABOVE_MINOR: '50000' } });
    const compliance = await staffWithRoles(e.server, ['compliance']);
    owner = await signUpCustomer(e.server, '13700000001', '张伟');
    cashier = await signUpCustomer(e.server, '13700000002', '王芳');
    phones = 2;
    const applied = await api(owner, 'POST', '/v1/merchants', {
      businessName: '张记面馆',
      mcc: '5812',
      settlement: {
        kind: 'bank_account',
        bankName: '中国工商银行',
        accountNumber: '6222 0212 3456 7890 123',
      },
      contact: { phone: owner.phone, email: 'zhang.noodles@example.com' },
    });
    expect(applied.status, applied.text).toBe(201);
    merchantId = applied.json.id;
    const a = await call(e.server, 'POST', `/v1/staff/merchants/${merchantId}/approve`, {
      token: compliance.token,
      body: {},
    });
    expect(a.status, a.text).toBe(200);
    const u = await api(owner, 'POST', `/v1/merchants/${merchantId}/users`, {
      phone: cashier.phone,
      role: 'cashier',
    });
    expect(u.status, u.text).toBe(201);
  }, 240_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    for (const b of browsers) await b.close().catch(() => undefined);
    await e?.close();
  });

  it('a typed code pays (Enter submits); ¥600 waits for the customer and turns paid by itself; a used code is refused', async () => {
    const customer = await payer(1000);
    const page = await till();
    // The cashier reaches the till from the portal's navigation too.
    await page.getByRole('navigation').getByRole('link', { name: '收银台' }).waitFor();
    const first = await payCode(customer);
    await page.getByLabel(Z.amount).fill('36.50');
    await page.getByLabel(Z.code).fill(first.replace(/(\d{4})/g, '$1 ')); // spaces as people type them
    await page.getByLabel(Z.code).press('Enter');
    await page.locator('[data-testid="till-result"][data-state="completed"]').waitFor();
    const paid = await result(page).innerText();
    expect(paid).toContain('收款成功 ¥36.50');
    expect(paid).toMatch(/订单号 T-\d{4}-\d{6}-[A-Z]{2}/);
    expect(await available(customer)).toBe('963.50');
    await expect
      .poll(() => page.locator('[data-testid="till-sale"][data-status="completed"]').count())
      .toBe(1);

    // ¥600: above the confirmation threshold, the customer confirms on the phone (here over the API).
    await page.getByRole('button', { name: Z.next }).click();
    await page.getByLabel(Z.amount).fill('600');
    await page.getByLabel(Z.reference).fill('SALE-600');
    await page.getByLabel(Z.code).fill(await payCode(customer));
    await page.getByRole('button', { name: Z.submit, exact: true }).click();
    await page.locator('[data-testid="till-result"][data-state="waiting"]').waitFor();
    const waiting = await result(page).innerText();
    expect(waiting).toContain(Z.waitingTitle);
    expect(waiting).toMatch(/剩余 [12]:\d\d/);
    expect(await available(customer)).toBe('963.50');
    await screenshot(page, 'till-waiting-zh-phone');
    const pending = await api(customer, 'GET', '/v1/pos-payments/pending');
    const paymentId = pending.json.items[0].id as string;
    let confirm = await api(customer, 'POST', `/v1/pos-payments/${paymentId}/confirm`, {});
    if (confirm.status === 403 && confirm.json.code === 'STEP_UP_REQUIRED') {
      confirm = await api(customer, 'POST', `/v1/pos-payments/${paymentId}/confirm`, {
        stepUp: { challengeId: confirm.json.details.challenge.id, password: PASSWORD },
      });
    }
    expect([confirm.status, confirm.json.status], confirm.text).toEqual([200, 'completed']);
    await page.locator('[data-testid="till-result"][data-state="completed"]').waitFor({ timeout: 10_000 });
    expect(await result(page).innerText()).toContain('收款成功 ¥600.00');
    expect(await result(page).innerText()).toContain('订单号 SALE-600');
    expect(await available(customer)).toBe('363.50');

    // The first code again: refused in plain words, nothing taken.
    await page.getByRole('button', { name: Z.next }).click();
    await page.getByLabel(Z.amount).fill('10');
    await page.getByLabel(Z.code).fill(first);
    await page.getByLabel(Z.code).press('Enter');
    await page.getByText(Z.refused.PAY_CODE_INVALID).waitFor();
    expect(await available(customer)).toBe('363.50');
    for (const v of await seriousA11yViolations(page)) throw new Error(v);
    await screenshot(page, 'till-refused-zh-phone');
  });

  it('checks the amount and the code in the browser before sending anything', async () => {
    const page = await till();
    await page.getByLabel(Z.amount).fill('12.345');
    await page.getByLabel(Z.code).fill('28123');
    await page.getByLabel(Z.code).press('Enter');
    await page.getByText(Z.amountInvalid).waitFor();
    await page.getByText(Z.codeInvalid).waitFor();
    expect(await page.getByTestId('till-result').count()).toBe(0);
  });

  it('after a network error the retry sends the same Idempotency-Key and reference; charged once', async () => {
    const customer = await payer(100);
    const page = await till();
    const sent: { key: string | undefined; reference: string }[] = [];
    let drop = true;
    await page.route('**/pos/payments', async (route) => {
      const r = route.request();
      sent.push({ key: r.headers()['idempotency-key'], reference: r.postDataJSON().reference });
      // The first one reaches the server, but its answer is lost on the way back.
      if (drop) {
        drop = false;
        await route.fetch();
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    await page.getByLabel(Z.amount).fill('20');
    await page.getByLabel(Z.code).fill(await payCode(customer));
    await page.getByLabel(Z.code).press('Enter');
    await page.getByText(Z.retry).waitFor();
    expect(await available(customer)).toBe('80.00');
    await page.getByRole('button', { name: Z.retryButton }).click();
    await page.locator('[data-testid="till-result"][data-state="completed"]').waitFor();
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
    expect(sent[0]!.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(await available(customer)).toBe('80.00');
  });

  it('the camera reads the customer’s code and the sale is taken', async () => {
    const customer = await payer(100);
    const code = await payCode(customer);
    const dir = mkdtempSync(join(tmpdir(), 'yb-till-camera-'));
    try {
      const video = join(dir, 'code.y4m');
      writeFileSync(video, qrVideoFrame(code));
      const camera = await chromium.launch({
        executablePath: chromiumPath,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--no-first-run',
          '--use-fake-ui-for-media-stream',
          '--use-fake-device-for-media-stream',
          `--use-file-for-fake-video-capture=${video}`,
        ],
      });
      browsers.push(camera);
      const page = await till(camera);
      await page.getByLabel(Z.amount).fill('8');
      await page.getByRole('button', { name: Z.scan }).click();
      // The site may use the camera (Chromium's fake prompt allows it): it opens at once; else one tap.
      const paid = page.locator('[data-testid="till-result"][data-state="completed"]');
      await Promise.race([
        paid.waitFor({ timeout: 20_000 }),
        page
          .getByRole('button', { name: /^(打开相机|Open camera)$/ })
          .click({ timeout: 20_000 })
          .then(() => paid.waitFor({ timeout: 20_000 })),
      ]);
      expect(await result(page).innerText()).toContain('收款成功 ¥8.00');
      expect(await available(customer)).toBe('92.00');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('phone screens in zh-CN and English: no serious accessibility violations, screenshots', async () => {
    const failures: string[] = [];
    for (const mode of MODES.filter((m) => !m.elder)) {
      const T = mode.lang === 'en' ? en : zhCN;
      const page = await till(e.browser, mode);
      const check = async (name: string) => {
        for (const v of await seriousA11yViolations(page)) failures.push(`${name}: ${v}`);
        await screenshot(page, `${name}-${mode.name}-phone`);
      };
      await page.getByLabel(T.amount).waitFor();
      await check('till');
      await page.getByRole('button', { name: T.submit, exact: true }).click();
      await page.getByText(T.amountInvalid).waitFor();
      await check('till-errors');
      const customer = await payer(100);
      await page.getByLabel(T.amount).fill('36.50');
      await page.getByLabel(T.code).fill(await payCode(customer));
      await page.getByLabel(T.code).press('Enter');
      await page.locator('[data-testid="till-result"][data-state="completed"]').waitFor();
      await check('till-paid');
      await page.context().close();
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
