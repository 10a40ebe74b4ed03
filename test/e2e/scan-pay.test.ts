import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../apps/web/src/errors.ts';
import { zhCN as SCAN } from '../../apps/web/src/features/scan/locales.ts';
import { FIXTURES } from '../../packages/emv-qr/src/fixtures.ts';
import { fund } from '../helpers/server.ts';
import {
  chromiumPath,
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

// Scan and pay in a real browser against the real API server: a shop's dynamic code read by the
// camera (Chromium's fake camera showing the code), a static code from an uploaded picture with a
// typed amount, the NFC tag's /pay?code= link opened signed out, a code paid twice, the confirmation
// above the step-up threshold.
const PHONE = { width: 390, height: 844 };
const ZH = MODES[0];
const PIN = '582913';
const SHOP = '张记面馆 Zhang Noodles';

const L = {
  scan: /^(扫一扫|Scan)$/,
  camera: /^(打开相机|Open camera)$/,
  upload: /^(选择图片|Choose a picture)$/,
  pasteField: /^(二维码内容|QR code's text)$/,
  read: /^(识别|Read it)$/,
  pay: /^(确认付款|Confirm and pay)$/,
  next: /^(下一步：核对|Next: check)$/,
  amount: /^(付款金额（元）|Amount to pay \(CNY\))$/,
  paid: /^(付款成功|Paid)$/,
  cannotPay: /^(这个二维码不能付款|This code cannot be paid)$/,
  stepUp: /^(确认身份|Confirm it is you)$/,
  pin: /^(支付密码（6 位数字）|Payment PIN \(6 digits\))$/,
  confirm: /^(确认|Confirm)$/,
};

/**
 * One frame of a YUV4MPEG2 (Y4M) video showing `payload` as a black-on-white QR code, what Chromium's
 * fake camera (`--use-file-for-fake-video-capture`) plays in a loop. 4:2:0: a luma byte per pixel,
 * then quarter-size U and V planes (128 = no colour).
 */
function qrVideoFrame(payload: string, width = 640, height = 480): Buffer {
  const { modules } = QRCode.create(payload, { errorCorrectionLevel: 'M' });
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

type Customer = Awaited<ReturnType<typeof signUpCustomer>>;
type Code = { id: string; payload: string };

describe('scan and pay in Chromium: camera, upload, paste, the NFC pay link', () => {
  let e: E2e;
  let cameraBrowser: Browser | undefined;
  let owner: Customer;
  let merchantId: string;
  let cameraCode: Code;
  let videoDir: string;
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
  async function code(body: Record<string, unknown>): Promise<Code> {
    const r = await api(owner, 'POST', `/v1/merchants/${merchantId}/qr-codes`, body);
    expect(r.status, r.text).toBe(201);
    return r.json;
  }
  async function signedIn(c: Customer, browser: Browser = e.browser): Promise<Page> {
    const context = await newContext(browser, PHONE, ZH, c.deviceId);
    contexts.push(context);
    const page = await context.newPage();
    await signInInBrowser(page, e.url, c.phone);
    return page;
  }
  const mainText = (page: Page) => page.locator('main').innerText();

  beforeAll(async () => {
    e = await startE2e({ env: { RISK_STEP_UP_ABOVE_MINOR: '50000' } });
    // An active shop: its owner applies over the API, compliance approves.
    owner = await signUpCustomer(e.server, '13600000001', '张伟');
    merchantId = await openActiveMerchant(e.server, owner, { businessName: SHOP, mcc: '5812' });
    // The camera shows this code: Chromium reads the video file when it starts.
    cameraCode = await code({ kind: 'dynamic', amount: '36.50', reference: 'ORD-CAM-1' });
    videoDir = mkdtempSync(join(tmpdir(), 'yb-fake-camera-'));
    const video = join(videoDir, 'qr.y4m');
    writeFileSync(video, qrVideoFrame(cameraCode.payload));
    cameraBrowser = await chromium.launch({
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
  }, 180_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await cameraBrowser?.close();
    await e?.close();
    if (videoDir) rmSync(videoDir, { recursive: true, force: true });
  });

  it('(1) the camera reads a dynamic code: shop, fixed amount, reference; paid; the same code again is refused', async () => {
    const c = await payer('13600000011', '王扫码', 100);
    const page = await signedIn(c, cameraBrowser);
    await page.getByRole('link', { name: L.scan }).click();
    await page.waitForURL('**/scan');
    // When the site may already use the camera the scanner opens by itself (as a wallet's does);
    // otherwise the customer taps "open camera". Either way the code is read and the pay screen opens.
    const opened = page.waitForURL('**/pay?code=*', { timeout: 20_000 });
    await Promise.race([
      opened,
      page.getByRole('button', { name: L.camera }).click({ timeout: 20_000 }),
    ]).catch(() => undefined);
    await opened;
    await page.getByRole('heading', { name: SHOP }).waitFor();
    const form = await mainText(page);
    expect(form).toContain('¥36.50');
    expect(form).toContain('ORD-CAM-1');
    expect(form).toContain('餐馆');
    expect(form).toMatch(/\d+:\d\d 后失效/);
    await screenshot(page, 'scan-pay-dynamic-zh-phone');
    await page.getByRole('button', { name: L.pay }).click();
    await page.getByRole('heading', { name: L.paid }).waitFor();
    const receipt = await mainText(page);
    expect(receipt).toContain(`¥36.50 已付给 ${SHOP}`);
    expect(receipt).toMatch(/交易编号\s*[0-9a-f-]{36}/);
    await screenshot(page, 'scan-pay-receipt-zh-phone');
    expect(await available(c)).toBe('63.50');
    await page.getByRole('button', { name: '完成' }).click();
    await page.waitForURL('**/home');

    // The same code once more (scanned again, or a second customer): refused in plain words.
    await page.goto(`${e.url}/pay?code=${encodeURIComponent(cameraCode.payload)}`);
    await page.getByRole('heading', { name: L.cannotPay }).waitFor();
    expect(await mainText(page)).toContain(ERROR_MESSAGES.QR_ALREADY_PAID!['zh-CN']);
    expect(await available(c)).toBe('63.50');
  });

  it('(2) a picture of a static code, the amount typed (checked first); paid', async () => {
    const c = await payer('13600000012', '李上传', 100);
    const stat = await code({ kind: 'static' });
    const page = await signedIn(c);
    await page.goto(`${e.url}/scan`);
    // A picture with no code in it, then the shop's code.
    await page.getByLabel(L.upload).setInputFiles({
      name: 'blank.png',
      mimeType: 'image/png',
      buffer: blankPng(),
    });
    await expect.poll(() => page.getByRole('alert').first().innerText()).toBe(SCAN.upload.notFound);
    await page.getByLabel(L.upload).setInputFiles({
      name: 'shop.png',
      mimeType: 'image/png',
      buffer: await QRCode.toBuffer(stat.payload, { scale: 6 }),
    });
    await page.waitForURL('**/pay?code=*');
    await page.getByRole('heading', { name: SHOP }).waitFor();
    await page.getByRole('button', { name: L.pay }).click();
    expect(await mainText(page)).toContain('请输入金额');
    await page.getByLabel(L.amount).fill('25.5');
    await page.getByRole('button', { name: L.pay }).click();
    await page.getByRole('heading', { name: L.paid }).waitFor();
    expect(await mainText(page)).toContain(`¥25.50 已付给 ${SHOP}`);
    expect(await available(c)).toBe('74.50');
  });

  it('(2b) pasted text that is not a payment code, or another scheme’s code, gets plain words', async () => {
    const c = await payer('13600000013', '赵粘贴', 10);
    const page = await signedIn(c);
    await page.goto(`${e.url}/scan`);
    await page.getByLabel(L.pasteField).fill('https://example.com/hello');
    await page.getByRole('button', { name: L.read }).click();
    expect(await mainText(page)).toContain(SCAN.notPayment);
    // A Brazilian PIX code (EMVCo, but not ours): the server says so, in plain words.
    const pix = FIXTURES.find((f) => /pix/i.test(f.name))!.payload;
    await page.getByLabel(L.pasteField).fill(pix);
    await page.getByRole('button', { name: L.read }).click();
    await page.getByRole('heading', { name: L.cannotPay }).waitFor();
    expect(await mainText(page)).toContain(ERROR_MESSAGES.QR_NOT_SUPPORTED!['zh-CN']);
  });

  it('(3) the NFC tag’s link opened signed out: sign-in comes back to it; above ¥500 the PIN confirms', async () => {
    const c = await payer('13600000014', '孙碰一碰', 1000);
    expect((await api(c, 'PUT', '/v1/me/pin', { pin: PIN, password: PASSWORD })).status).toBe(200);
    const big = await code({ kind: 'dynamic', amount: '600.00', reference: 'ORD-NFC-9' });
    const context = await newContext(e.browser, PHONE, ZH, c.deviceId);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${e.url}/pay?code=${encodeURIComponent(big.payload)}`);
    await page.waitForURL('**/sign-in');
    await page.getByLabel(/^(手机号|Mobile number)$/).fill(c.phone);
    await page.getByLabel(/^(登录密码|Password)$/).fill(PASSWORD);
    await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
    await page.waitForURL('**/pay?code=*');
    await page.getByRole('heading', { name: SHOP }).waitFor();
    expect(await mainText(page)).toContain('¥600.00');
    await page.getByRole('button', { name: L.pay }).click();
    await page.getByRole('heading', { name: L.stepUp }).waitFor();
    const panel = await mainText(page);
    expect(panel).toContain('¥600.00');
    expect(panel).toContain(SHOP);
    await screenshot(page, 'scan-pay-step-up-zh-phone');
    await page.getByLabel(L.pin).fill(PIN);
    await page.getByRole('button', { name: L.confirm }).click();
    await page.getByRole('heading', { name: L.paid }).waitFor();
    expect(await available(c)).toBe('400.00');
  });

  it('the scan and pay screens in every mode: axe-core clean, screenshots (elder: the check step)', async () => {
    const c = await payer('13600000015', '周看看', 100);
    const stat = await code({ kind: 'static' });
    const dyn = await code({ kind: 'dynamic', amount: '18.00', reference: 'ORD-SHOT' });
    const failures = await screensInEveryMode(e, c, async (page, check, mode) => {
      await page.goto(`${e.url}/scan`);
      await page.getByRole('button', { name: L.camera }).waitFor();
      await check('scan');
      await page.goto(`${e.url}/pay?code=${encodeURIComponent(stat.payload)}`);
      await page.getByRole('heading', { name: SHOP }).waitFor();
      await check('scan-pay-static');
      await page.goto(`${e.url}/pay?code=${encodeURIComponent(dyn.payload)}`);
      await page.getByRole('heading', { name: SHOP }).waitFor();
      await check('scan-pay-dynamic');
      if (mode.elder) {
        await page.getByRole('button', { name: L.next }).click();
        await page.getByRole('heading', { name: /^(付款前请核对|Check before you pay)$/ }).waitFor();
        await check('scan-pay-check');
      }
    });
    expect(failures).toEqual([]);
  }, 240_000);
});

/** A one-pixel PNG (a picture with no code in it). */
const blankPng = () =>
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==',
    'base64',
  );
