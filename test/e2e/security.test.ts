import { randomBytes, randomUUID } from 'node:crypto';
import { extractCode, TEST_CARD_EXPIRY, TEST_CARDS } from '@yinbao/simulators';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentId } from '../../apps/server/src/modules/kyc/kyc.test-support.ts';
import { base32Decode, totp } from '../../apps/server/src/modules/security/totp.ts';
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

// The security centre, passkey sign-in, device trust, freeze and KYC in Chromium against the real API.
const PHONE = { width: 390, height: 844 };
const EN = MODES.find((m) => m.name === 'en')!;
const PIN = '582913';
type Customer = Awaited<ReturnType<typeof signUpCustomer>>;

/** A signed-in API call as the customer's own (trusted) device. */
async function call(e: E2e, c: Customer, method: string, path: string, body?: unknown) {
  const res = await fetch(`${e.server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${c.token}`,
      'x-device-id': c.deviceId,
      'idempotency-key': randomUUID(),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = res.status === 204 ? null : await res.json();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json as Record<string, unknown>;
}

let idSeq = 500;
/** Customer at a KYC level: 3 = identity, 2 = + card, 1 = + face; `card` binds a card in the name. */
async function customerAt(e: E2e, phone: string, level: 4 | 3 | 2 | 1, card = level <= 2) {
  const c = await signUpCustomer(e.server, phone, '张伟');
  if (level <= 3)
    await call(e, c, 'POST', '/v1/me/kyc/identity', { name: '张伟', idNumber: residentId(++idSeq) });
  let cardId: string | undefined;
  if (card) {
    cardId = (
      await call(e, c, 'POST', '/v1/cards', {
        pan: TEST_CARDS.approve,
        expiry: TEST_CARD_EXPIRY,
        holderName: '张伟',
      })
    ).id as string;
  }
  if (level <= 2) await call(e, c, 'POST', '/v1/me/kyc/bank-card', { cardId });
  if (level <= 1) {
    const selfie = Buffer.concat([Buffer.from('MATCH '), randomBytes(300)]).toString('base64');
    await call(e, c, 'POST', '/v1/me/kyc/face-check', { selfie });
  }
  return c;
}

const heading = (page: Page) => page.getByRole('heading', { level: 1 });
const totpCode = async (page: Page) => {
  const secret = (await page.getByTestId('totp-secret').textContent()) ?? '';
  return totp(base32Decode(secret)!, new Date());
};

describe('security centre and KYC in Chromium', () => {
  let e: E2e;

  beforeAll(async () => {
    e = await startE2e({ sms: true, idv: true, cardNetwork: {} });
  }, 120_000);
  afterAll(async () => {
    await e?.close();
  });

  it('PIN, authenticator, passkey sign-in, trusting a second device by SMS, revoking it, freeze/unfreeze, KYC up to Class I', async () => {
    const a = await signUpCustomer(e.server, '13912350001', '张伟');
    const context = await newContext(e.browser, PHONE, EN, a.deviceId);
    const page = await context.newPage();
    try {
      await signInInBrowser(page, e.url, a.phone);

      // Payment PIN: a trivial one is refused next to the field before anything is sent.
      await page.goto(`${e.url}/security/pin`);
      await page.getByLabel('New payment PIN (6 digits)').fill('123456');
      await page.getByLabel('Enter the PIN again').fill('123456');
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Save payment PIN' }).click();
      await expect.poll(() => page.getByText(/too easy to guess/).count()).toBe(1);
      await page.getByLabel('New payment PIN (6 digits)').fill(PIN);
      await page.getByLabel('Enter the PIN again').fill(PIN);
      await page.getByRole('button', { name: 'Save payment PIN' }).click();
      await page.getByRole('status').filter({ hasText: 'Your payment PIN is saved.' }).waitFor();

      // Authenticator: QR and secret, a code computed from the secret, then the recovery codes once.
      await page.goto(`${e.url}/security/authenticator`);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Start' }).click();
      await page.getByRole('img', { name: /QR code/ }).waitFor();
      await page.getByLabel('Code', { exact: true }).fill(await totpCode(page));
      await page.getByRole('button', { name: 'Finish' }).click();
      await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
      expect(await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').count()).toBe(10);
      expect(await page.getByRole('button', { name: 'Done' }).isDisabled()).toBe(true);
      await page.getByLabel('I have saved them').check();
      await page.getByRole('link', { name: 'Done' }).click();
      await page.waitForURL('**/security');
      await expect
        .poll(() => page.getByRole('link', { name: /Authenticator app/ }).textContent())
        .toContain('Set up');

      // A passkey with Chromium's virtual authenticator; then sign out and sign in with it.
      await addVirtualAuthenticator(page);
      await page.goto(`${e.url}/security/passkeys`);
      await page.getByLabel('Name (optional)').fill('My phone');
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Add a passkey' }).click();
      await page.getByRole('status').filter({ hasText: 'The passkey is added.' }).waitFor();
      await expect.poll(() => page.getByText('My phone', { exact: true }).count()).toBe(1);
      await page.goto(`${e.url}/home`);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL('**/sign-in');
      await screenshot(page, 'flow-sign-in-passkey-en-phone');
      await page.getByRole('button', { name: /Sign in with a passkey/ }).click();
      await page.waitForURL('**/home');

      // A second browser, a new (untrusted) device: the banner, trusted with a texted code.
      const other = await e.browser.newContext({
        viewport: PHONE,
        locale: 'en',
        userAgent: 'Mozilla/5.0 (Second Phone) Chrome/140',
      });
      await other.addInitScript(() => {
        (
          globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }
        ).localStorage.setItem('yb.lang', 'en');
      });
      const page2 = await other.newPage();
      try {
        await signInInBrowser(page2, e.url, a.phone);
        const banner = page2.getByRole('region', { name: 'Trust this device' });
        await banner.waitFor();
        await screenshot(page2, 'flow-untrusted-banner-en-phone');
        await banner.getByRole('link', { name: 'Trust this device' }).click();
        await page2.waitForURL('**/security/trust');
        await page2.getByRole('button', { name: 'Start' }).click();
        // The shared confirmation panel offers only what the server allows here: a texted code.
        // (a passkey first — this customer has one — then a texted code; never the PIN or the password).
        await page2.getByRole('radio', { name: 'Text message code' }).waitFor();
        expect(await page2.getByRole('radio').count()).toBe(2);
        await page2.getByRole('radio', { name: 'Text message code' }).check();
        await page2.getByRole('button', { name: 'Text me a code' }).click();
        await page2.getByRole('status').filter({ hasText: 'A code was sent' }).waitFor();
        const sms = e.server.smsSim!.state.latest(`+86${a.phone}`);
        const code = extractCode(sms!.text)!;
        await page2.getByLabel('Code from the text message (6 digits)').fill(code);
        await screenshot(page2, 'flow-trust-sms-en-phone');
        await page2.getByRole('button', { name: 'Confirm', exact: true }).click();
        await page2.getByRole('status').filter({ hasText: 'This device is now trusted.' }).waitFor();
        await page2.goto(`${e.url}/home`);
        await page2.getByRole('heading', { level: 1 }).waitFor();
        expect(await page2.getByRole('region', { name: 'Trust this device' }).count()).toBe(0);

        // The first browser signs the second one out.
        await page.goto(`${e.url}/security/sessions`);
        await page.getByRole('button', { name: /Sign it out: .*Second Phone/ }).click();
        await page.getByRole('status').filter({ hasText: 'That session is signed out.' }).waitFor();
        await page2.goto(`${e.url}/security`);
        await page2.waitForURL('**/sign-in');
      } finally {
        await other.close();
      }

      // Freeze: a confirmation says what happens; home says frozen; lifted with the PIN (StepUp).
      await page.goto(`${e.url}/security/freeze`);
      await page.getByRole('button', { name: 'Freeze my wallet' }).click();
      await page.getByText(/All transfers, withdrawals and payments stop at once/).waitFor();
      await page.getByRole('button', { name: 'Yes, freeze it' }).click();
      await page.getByRole('status').filter({ hasText: 'Your wallet is frozen.' }).waitFor();
      await page.goto(`${e.url}/home`);
      await page.getByRole('alert').filter({ hasText: 'Your wallet is frozen' }).waitFor();
      await page.goto(`${e.url}/security/freeze`);
      await page.getByRole('button', { name: 'Lift the freeze' }).click();
      // The passkey is offered first (this customer has one); the PIN is chosen instead.
      await page.getByRole('radio', { name: 'Payment PIN', exact: true }).check();
      await page.getByLabel('Payment PIN (6 digits)').fill(PIN);
      await page.getByRole('button', { name: 'Confirm' }).click();
      await page.getByRole('status').filter({ hasText: 'The freeze is lifted' }).waitFor();

      // KYC: a wrong checksum refused in the browser, then the real ID raises the level.
      await page.goto(`${e.url}/kyc`);
      await heading(page).waitFor();
      await page.getByText('Class IV (phone only)').first().waitFor();
      await page.getByLabel('Full name').fill('张伟');
      const id = residentId(1);
      const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
      await page.getByLabel('Resident ID number (18 characters)').fill(wrong);
      await page.getByRole('button', { name: 'Submit my identity' }).click();
      await page.getByText(/its last character does not match/).waitFor();
      await page.getByLabel('Resident ID number (18 characters)').fill(id);
      await page.getByRole('button', { name: 'Submit my identity' }).click();
      await page.getByRole('status').filter({ hasText: 'Class III (real name)' }).waitFor();
      await page.getByText('**************', { exact: false }).first().waitFor();
      // No card yet: the way to add one.
      await page.getByRole('link', { name: 'Add a bank card' }).waitFor();
      await screenshot(page, 'flow-kyc-no-card-en-phone');
      await call(e, a, 'POST', '/v1/cards', {
        pan: TEST_CARDS.approve,
        expiry: TEST_CARD_EXPIRY,
        holderName: '张伟',
      });
      await page.reload();
      await page.getByRole('radio').first().check();
      await page.getByRole('button', { name: 'Verify with this card' }).click();
      await page.getByRole('status').filter({ hasText: 'Class II' }).waitFor();
      // The face check with a selfie the identity simulator matches.
      await page.getByLabel('Take or choose a selfie').setInputFiles({
        name: 'selfie.jpg',
        mimeType: 'image/jpeg',
        buffer: Buffer.concat([Buffer.from('MATCH '), randomBytes(400)]),
      });
      await page.getByRole('button', { name: 'Check my face' }).click();
      await page.getByRole('status').filter({ hasText: 'Class I (fully verified)' }).waitFor();
      await screenshot(page, 'flow-kyc-done-en-phone');
    } finally {
      await context.close();
    }
  }, 180_000);
  it('every security and KYC screen in zh-CN, English and elder mode: no serious or critical axe-core violations; screenshots', async () => {
    // Labels in either language (elder mode is Chinese).
    const L = (zh: string, en: string) => new RegExp(`^(${zh}|${en})$`);
    const s = await customerAt(e, '13912350101', 4);
    await call(e, s, 'PUT', '/v1/me/pin', { pin: PIN, password: PASSWORD });
    const failures = await screensInEveryMode(e, s, async (page, check) => {
      await page.goto(`${e.url}/security`);
      await page.getByRole('navigation', { name: L('安全中心', 'Security centre') }).waitFor();
      await page.locator('.sec-next-steps').first().waitFor();
      await check('security-overview');
      await page.goto(`${e.url}/security/pin`);
      await page.getByLabel(L('新的支付密码（6 位数字）', 'New payment PIN \\(6 digits\\)')).fill('111111');
      await page.getByRole('button', { name: L('保存支付密码', 'Save payment PIN') }).click();
      await page.locator('.yb-field-error').first().waitFor();
      await check('security-pin');
      await page.goto(`${e.url}/security/devices`);
      await page.locator('.sec-row').first().waitFor();
      await check('security-devices');
      await page.goto(`${e.url}/security/sessions`);
      await page.locator('.sec-row').first().waitFor();
      await check('security-sessions');
      await page.goto(`${e.url}/security/passkeys`);
      await page.getByRole('button', { name: L('添加通行密钥', 'Add a passkey') }).waitFor();
      await check('security-passkeys');
      await page.goto(`${e.url}/security/authenticator`);
      await page.getByLabel(L('登录密码', 'Password')).fill(PASSWORD);
      await page.getByRole('button', { name: L('开始绑定', 'Start') }).click();
      await page.getByRole('img').first().waitFor();
      await check('security-totp-qr');
      await page.getByLabel(L('验证码', 'Code')).fill(await totpCode(page));
      await page.getByRole('button', { name: L('完成绑定', 'Finish') }).click();
      await page.locator('.sec-codes').waitFor();
      await page.getByRole('checkbox').check();
      await check('security-totp-recovery');
      await page.goto(`${e.url}/security/freeze`);
      await page.getByRole('button', { name: L('手机丢了', 'I lost my phone') }).click();
      await page.locator('.sec-confirm').waitFor();
      await check('security-freeze-confirm');
      await page.getByRole('button', { name: L('取消', 'Cancel') }).click();
      await page.getByRole('button', { name: L('冻结我的钱包', 'Freeze my wallet') }).click();
      await page.getByRole('button', { name: L('确认冻结', 'Yes, freeze it') }).click();
      await page.getByRole('button', { name: L('解除冻结', 'Lift the freeze') }).waitFor();
      await check('security-frozen');
      await page.getByRole('button', { name: L('解除冻结', 'Lift the freeze') }).click();
      await page
        .getByRole('textbox', { name: /^(支付密码（6 位数字）|Payment PIN \(6 digits\))$/ })
        .fill(PIN);
      await check('security-unfreeze-stepup');
      await page.getByRole('button', { name: L('确认', 'Confirm') }).click();
      await page.getByRole('button', { name: L('冻结我的钱包', 'Freeze my wallet') }).waitFor();
      // KYC, first step (with the browser's check of a mistyped ID).
      await page.goto(`${e.url}/kyc`);
      await page.getByLabel(/真实姓名|Full name/).fill('张伟');
      await page.getByLabel(/居民身份证号|Resident ID number/).fill('110105194912310021');
      await page.getByRole('button', { name: L('提交实名信息', 'Submit my identity') }).click();
      await page.locator('.yb-field-error').first().waitFor();
      await check('kyc-identity');
      // Sign-in with the passkey button (the session forgotten, as after closing the tab).
      await page.evaluate(() =>
        (globalThis as unknown as { sessionStorage: { clear(): void } }).sessionStorage.clear(),
      );
      await page.goto(`${e.url}/sign-in`);
      await page.getByRole('button', { name: /通行密钥|passkey/ }).waitFor();
      await check('sign-in-passkey');
    });
    // The later KYC steps, each with a customer already there.
    for (const [phone, level, name, ready] of [
      ['13912350102', 3, 'kyc-bank-card', 'radio'],
      ['13912350103', 2, 'kyc-face', 'button'],
      ['13912350104', 1, 'kyc-done', 'heading'],
    ] as const) {
      const c = await customerAt(e, phone, level, true);
      failures.push(
        ...(await screensInEveryMode(e, c, async (page, check) => {
          await page.goto(`${e.url}/kyc`);
          await page.locator('.kyc-tier').waitFor();
          await page.getByRole(ready).first().waitFor();
          await check(name);
        })),
      );
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
