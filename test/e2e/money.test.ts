import { randomUUID } from 'node:crypto';
import { extractCode } from '@yinbao/simulators';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../apps/web/src/errors.ts';
import { fund } from '../helpers/server.ts';
import {
  addVirtualAuthenticator,
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

// Money in the customer web app, in a real browser against the real API server: transfers (with the
// confirmation by PIN, passkey and texted code), the receive QR code, withdrawals to a card.
const PHONE = { width: 390, height: 844 };
const ZH = MODES[0];
const PIN = '582913';
const CARD = { pan: '6222021000040001', expiry: '12/30', holderName: 'WANG XIAOMING' };

/** Labels and buttons in either language (the screenshots run in both). */
const L = {
  payee: /^(收款人手机号或钱包号|Payee's mobile number or wallet ID)$/,
  amount: /^(金额（元）|Amount \(CNY\))$/,
  note: /^(备注（可选）|Note \(optional\))$/,
  next: /^(下一步|Next)$/,
  review: /^(下一步：核对|Next: check)$/,
  pay: /^(确认付款|Confirm and pay)$/,
  stepUp: /^(确认身份|Confirm it is you)$/,
  pin: /^(支付密码（6 位数字）|Payment PIN \(6 digits\))$/,
  confirm: /^(确认|Confirm)$/,
  paid: /^(付款成功|Paid)$/,
  withdraw: /^(确认提现|Confirm withdrawal)$/,
  withdrawn: /^(提现成功|Withdrawal complete)$/,
};

type Customer = Awaited<ReturnType<typeof signUpCustomer>>;

describe('money in Chromium: transfer, step-up, receive, withdraw', () => {
  let e: E2e;
  let payee: Customer;
  const contexts: BrowserContext[] = [];

  /** A call to the API as the customer, from their trusted device. */
  async function call(c: Customer, method: string, path: string, body?: unknown) {
    const res = await fetch(`${e.server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${c.token}`,
        'x-device-id': c.deviceId,
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(method === 'POST' ? { 'idempotency-key': randomUUID() } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, json: (await res.json().catch(() => null)) as Record<string, unknown> };
  }
  async function available(c: Customer) {
    const r = await call(c, 'GET', `/v1/wallets/${c.walletId}`);
    return (r.json.balances as { currency: string; available: string }[]).find((b) => b.currency === 'CNY')!
      .available;
  }
  async function customer(phone: string, name: string, yuan = 0) {
    const c = await signUpCustomer(e.server, phone, name);
    if (yuan) await fund(e.server, c.walletId, BigInt(yuan) * 100n);
    return c;
  }
  async function setPin(c: Customer) {
    expect((await call(c, 'PUT', '/v1/me/pin', { pin: PIN, password: PASSWORD })).status).toBe(200);
  }
  async function bindCard(c: Customer) {
    const r = await call(c, 'POST', '/v1/cards', CARD);
    expect(r.status, JSON.stringify(r.json)).toBe(201);
  }
  async function signedIn(c: Customer, viewport = PHONE): Promise<Page> {
    const context = await newContext(e.browser, viewport, ZH, c.deviceId);
    contexts.push(context);
    const page = await context.newPage();
    await signInInBrowser(page, e.url, c.phone);
    return page;
  }
  /** Fills the transfer form (one field per step in elder mode) and opens the review. */
  async function fillTransfer(page: Page, to: string, amount: string, elder = false) {
    await page.goto(`${e.url}/transfer`);
    await page.getByLabel(L.payee).fill(to);
    if (elder) await page.getByRole('button', { name: L.next }).click();
    await page.getByLabel(L.amount).fill(amount);
    if (elder) await page.getByRole('button', { name: L.next }).click();
    await page.getByRole('button', { name: L.review }).click();
  }

  beforeAll(async () => {
    e = await startE2e({ cardNetwork: {}, sms: true, env: { RISK_STEP_UP_ABOVE_MINOR: '50000' } });
    payee = await customer('13700000001', '李收款');
  }, 180_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await e?.close();
  });

  it('(a) a small transfer by phone number: review, receipt, both balances, home shows the new balance', async () => {
    const payer = await customer('13700000011', '王付款', 1000);
    const page = await signedIn(payer);
    const before = await available(payee);
    await fillTransfer(page, payee.phone, '50');
    // Review: payee, amount, no fee, an explicit confirm.
    await expect.poll(() => page.getByRole('heading', { name: '付款前请核对' }).count()).toBe(1);
    const review = await page.locator('main').innerText();
    expect(review).toContain('137 0000 0001');
    expect(review).toContain('¥50.00');
    expect(review).toContain('免费');
    await page.getByRole('button', { name: L.pay }).click();
    await page.getByRole('heading', { name: L.paid }).waitFor();
    expect(await page.locator('main').innerText()).toContain('¥50.00 已转给');
    expect(await available(payer)).toBe('950.00');
    expect(await available(payee)).toBe((Number(before) + 50).toFixed(2));
    await page.getByRole('button', { name: '完成，回到首页' }).click();
    await page.waitForURL('**/home');
    await expect.poll(() => page.locator('.yb-money[data-size="lg"]').innerText()).toBe('¥950.00');
  });

  it('(a) the form is checked before anything is sent', async () => {
    const payer = await customer('13700000012', '赵检查', 100);
    const page = await signedIn(payer);
    await page.goto(`${e.url}/transfer`);
    await page.getByLabel(L.payee).fill('12345');
    await page.getByLabel(L.amount).fill('1.234');
    await page.getByRole('button', { name: L.review }).click();
    const text = await page.locator('main').innerText();
    expect(text).toContain('请输入 11 位手机号（以 1 开头）或完整的钱包号');
    expect(text).toContain('金额格式不对');
    await page.getByLabel(L.payee).fill('13799999999'); // nobody's number
    await page.getByLabel(L.amount).fill('0');
    await page.getByRole('button', { name: L.review }).click();
    expect(await page.locator('main').innerText()).toContain('金额必须大于 0');
    await page.getByLabel(L.amount).fill('5');
    await page.getByRole('button', { name: L.review }).click();
    await page.getByRole('button', { name: L.pay }).click();
    await page.getByRole('heading', { name: '付款没有成功' }).waitFor();
    expect(await page.locator('main').innerText()).toContain(ERROR_MESSAGES.RECIPIENT_NOT_FOUND!['zh-CN']);
    await screenshot(page, 'transfer-refused-zh-phone');
    expect(await available(payer)).toBe('100.00');
  });

  it('(b) above ¥500 the payment PIN confirms it; a wrong PIN first is told in plain words; paid once', async () => {
    const payer = await customer('13700000021', '钱密码', 1000);
    await setPin(payer);
    const page = await signedIn(payer);
    const before = await available(payee);
    await fillTransfer(page, payee.phone, '600');
    await page.getByRole('button', { name: L.pay }).click();
    await page.getByRole('heading', { name: L.stepUp }).waitFor();
    const panel = await page.locator('main').innerText();
    expect(panel).toContain('金额较大');
    expect(panel).toContain('¥600.00');
    expect(panel).toMatch(/请在 \d+:\d\d 内完成确认/);
    // PIN first (the strongest the customer has), SMS offered too.
    expect(await page.getByRole('radio', { name: '支付密码' }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: '短信验证码' }).count()).toBe(1);
    await page.getByLabel(L.pin).fill('111222');
    await page.getByRole('button', { name: L.confirm }).click();
    await expect
      .poll(() => page.getByRole('alert').innerText())
      .toContain(ERROR_MESSAGES.STEP_UP_FAILED!['zh-CN']);
    expect(await page.getByRole('alert').innerText()).toMatch(/还可以再试 \d 次/);
    await screenshot(page, 'transfer-step-up-wrong-pin-zh-phone');
    expect(await available(payer)).toBe('1000.00');
    await page.getByLabel(L.pin).fill(PIN);
    await page.getByRole('button', { name: L.confirm }).click();
    await page.getByRole('heading', { name: L.paid }).waitFor();
    expect(await available(payer)).toBe('400.00');
    expect(await available(payee)).toBe((Number(before) + 600).toFixed(2));
  });

  it('(c) a passkey confirms it through Chromium’s virtual authenticator', async () => {
    const payer = await customer('13700000031', '孙通行', 1000);
    const page = await signedIn(payer);
    await addVirtualAuthenticator(page);
    // Register the passkey in the page over the API (the security centre's screens are elsewhere).
    const registered = await page.evaluate(`(async () => {
      const s = JSON.parse(sessionStorage.getItem('yb.session'));
      const headers = {
        'content-type': 'application/json',
        authorization: 'Bearer ' + s.token,
        'x-device-id': localStorage.getItem('yb.deviceId'),
      };
      const post = (path, body) => fetch(path, {
        method: 'POST',
        headers: { ...headers, 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify(body),
      });
      const options = await (await post('/v1/me/passkeys/registration/options', { password: ${JSON.stringify(PASSWORD)} })).json();
      const cred = await navigator.credentials.create({
        publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options),
      });
      const res = await post('/v1/me/passkeys/registration', { ...cred.toJSON(), name: 'Chromium' });
      return res.status;
    })()`);
    expect(registered).toBe(201);
    await fillTransfer(page, payee.phone, '600');
    await page.getByRole('button', { name: L.pay }).click();
    await page.getByRole('heading', { name: L.stepUp }).waitFor();
    expect(await page.getByRole('radio', { name: '通行密钥（指纹/面容）' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: '使用通行密钥确认' }).click();
    await page.getByRole('heading', { name: L.paid }).waitFor();
    expect(await available(payer)).toBe('400.00');
  });

  it('(d) a texted code confirms it (read from the SMS simulator); resend waits its turn', async () => {
    const payer = await customer('13700000041', '周短信', 1000);
    const page = await signedIn(payer);
    await fillTransfer(page, payee.phone, '600');
    await page.getByRole('button', { name: L.pay }).click();
    await page.getByRole('heading', { name: L.stepUp }).waitFor();
    // No PIN set: the texted code is offered first, the login password last.
    expect(await page.getByRole('radio', { name: '短信验证码' }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: '登录密码' }).count()).toBe(1);
    await page.getByRole('button', { name: '给我发短信验证码' }).click();
    await page.getByRole('status').filter({ hasText: '验证码已发到' }).waitFor();
    expect(await page.getByRole('button', { name: /秒后可重新发送/ }).isDisabled()).toBe(true);
    await screenshot(page, 'transfer-step-up-sms-zh-phone');
    const sms = e.server.smsSim!.state.latest(`+86${payer.phone}`);
    expect(sms?.text).toContain('¥600.00');
    const code = extractCode(sms!.text)!;
    await page.getByLabel('短信验证码（6 位数字）').fill(code);
    await page.getByRole('button', { name: L.confirm }).click();
    await page.getByRole('heading', { name: L.paid }).waitFor();
    expect(await available(payer)).toBe('400.00');
  });

  it('(e) the receive QR code; its link opens the transfer form filled in', async () => {
    const page = await signedIn(payee);
    await page.goto(`${e.url}/receive`);
    await page.getByRole('img', { name: /收款二维码/ }).waitFor();
    expect(await page.locator('.yb-qr svg').count()).toBe(1);
    expect(await page.locator('main').innerText()).toContain('137****0001');
    await page.getByLabel('请对方付的金额（可选）').fill('88.8');
    const link = await page.getByTestId('receive-link').innerText();
    expect(link).toBe(`${e.url}/transfer?to=${payee.walletId}&amount=88.8`);

    const payer = await customer('13700000051', '吴扫码', 200);
    const payerPage = await signedIn(payer);
    await payerPage.goto(link);
    await expect.poll(() => payerPage.getByLabel(L.payee).inputValue()).toBe(payee.walletId);
    expect(await payerPage.getByLabel(L.amount).inputValue()).toBe('88.8');
    await payerPage.getByRole('button', { name: L.review }).click();
    await payerPage.getByRole('button', { name: L.pay }).click();
    await payerPage.getByRole('heading', { name: L.paid }).waitFor();
    expect(await available(payer)).toBe('111.20');
  });

  it('(f) a withdrawal to a bound card goes from pending to its final state', async () => {
    const holder = await customer('13700000061', '郑提现', 1000);
    await bindCard(holder);
    const page = await signedIn(holder);
    await page.goto(`${e.url}/withdraw`);
    // The only card is chosen for the customer once the list has loaded.
    await expect.poll(() => page.getByRole('radio', { name: /尾号 0001/ }).isChecked()).toBe(true);
    await page.getByLabel(L.amount).fill('100');
    await page.getByRole('button', { name: L.review }).click();
    await page.getByRole('button', { name: L.withdraw }).click();
    await page.getByRole('heading', { name: L.withdrawn }).waitFor({ timeout: 20_000 });
    expect(await available(holder)).toBe('900.00');
  });

  it('withdraw without a card points to binding one', async () => {
    const c = await customer('13700000071', '冯无卡', 10);
    const page = await signedIn(c);
    await page.goto(`${e.url}/withdraw`);
    await page.getByRole('link', { name: '绑定银行卡' }).waitFor();
    await screenshot(page, 'withdraw-no-card-zh-phone');
  });

  it('every money screen in zh-CN, English and elder mode, phone and desktop: axe-core and screenshots', async () => {
    const shots = await customer('13700000081', '陈截图', 5000);
    await setPin(shots);
    await bindCard(shots);
    const failures = await screensInEveryMode(e, shots, async (page, check, mode) => {
      await page.goto(`${e.url}/transfer`);
      await page.getByLabel(L.payee).waitFor();
      await check('transfer-form');
      await fillTransfer(page, payee.phone, '600', mode.elder);
      await page.getByRole('button', { name: L.pay }).waitFor();
      await check('transfer-review');
      await page.getByRole('button', { name: L.pay }).click();
      await page.getByRole('heading', { name: L.stepUp }).waitFor();
      await check('transfer-step-up');
      await page.getByLabel(L.pin).fill(PIN);
      await page.getByRole('button', { name: L.confirm }).click();
      await page.getByRole('heading', { name: L.paid }).waitFor();
      await check('transfer-receipt');
      await page.goto(`${e.url}/receive`);
      await page.locator('.yb-qr svg').waitFor();
      await check('receive');
      await page.goto(`${e.url}/withdraw`);
      await page.getByLabel(L.amount).fill('10');
      await check('withdraw');
      await page.getByRole('button', { name: L.review }).click();
      await page.getByRole('button', { name: L.withdraw }).waitFor();
      await check('withdraw-review');
      await page.getByRole('button', { name: L.withdraw }).click();
      await page.getByRole('heading', { name: L.withdrawn }).waitFor({ timeout: 20_000 });
      await check('withdraw-result');
    });
    expect(failures).toEqual([]);
  }, 600_000);
});
