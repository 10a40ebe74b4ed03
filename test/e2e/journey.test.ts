import { extractCode } from '@yinbao/simulators';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resources } from '../../apps/web/src/locales.ts';
import { addVirtualAuthenticator, type E2e, newContext, PASSWORD, screenshot, startE2e } from './browser.ts';

/**
 * One customer's first day, end to end in Chromium against the real server (phone verification on,
 * card network and SMS simulators over HTTP): sign up with a texted code, bind a card, top up, add a
 * passkey, send money above the step-up threshold confirmed with the passkey (Chromium's virtual
 * authenticator), see it in both histories — the payee signing in with a texted code — freeze and
 * unfreeze, then switch to English and elder mode. Every label comes from the app's own text tables.
 */
const Z = resources['zh-CN'].translation;
const EN = resources.en.translation;
const PHONE_VIEWPORT = { width: 390, height: 844 };
const PAN = '6222021000040001'; // the card-network simulator approves it

describe('a customer journey in Chromium', () => {
  let e: E2e;
  beforeAll(async () => {
    e = await startE2e({
      sms: true,
      cardNetwork: {},
      env: { SIGNUP_VERIFY_PHONE: 'true', RISK_STEP_UP_ABOVE_MINOR: '50000', SCA_NEW_PAYEE: 'true' },
    });
  }, 120_000);
  afterAll(async () => {
    await e?.close();
  });

  const latestCode = async (phone: string) => {
    await expect.poll(() => e.server.smsSim!.state.latest(`+86${phone}`)?.text ?? '').toMatch(/\d{6}/);
    return extractCode(e.server.smsSim!.state.latest(`+86${phone}`)!.text)!;
  };
  const status = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text });
  const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

  /** First launch → sign-in → "open a wallet": the texted code, a password, a name. */
  async function signUpInBrowser(page: Page, phone: string, name: string) {
    await page.goto(`${e.url}/`);
    await page.getByRole('button', { name: Z.welcome.start }).click();
    await page.getByRole('link', { name: Z.signIn.signUp }).click();
    await page.waitForURL('**/sign-up');
    await page.getByLabel(Z.signIn.phone, { exact: true }).fill(phone);
    await page.getByRole('button', { name: Z.signUp.sendCode }).click();
    await page.getByLabel(Z.signUp.code, { exact: true }).fill(await latestCode(phone));
    await page.getByLabel(Z.signUp.password, { exact: true }).fill(PASSWORD);
    await page.getByLabel(Z.signUp.name, { exact: true }).fill(name);
    await page.getByRole('button', { name: Z.signUp.open, exact: true }).click();
    await page.waitForURL('**/home');
    await expect.poll(() => h1(page).textContent()).toContain(name);
  }

  it('signs up, binds a card, tops up, pays with a passkey, both see it, freezes and unfreezes, switches language and elder mode', async () => {
    const payer = { phone: '13512340001', name: '陈一' };
    const payee = { phone: '13512340002', name: '林二' };

    // The payee opens a wallet first (in a browser of their own), then leaves.
    const payeeContext = await newContext(e.browser, PHONE_VIEWPORT);
    await signUpInBrowser(await payeeContext.newPage(), payee.phone, payee.name);
    await payeeContext.close();

    const context = await newContext(e.browser, PHONE_VIEWPORT);
    const page = await context.newPage();
    try {
      await signUpInBrowser(page, payer.phone, payer.name);

      // Top up from home: no card yet, so the screen leads to binding one first.
      await page.getByRole('link', { name: Z.home.actions.topUp }).click();
      await page.getByRole('link', { name: Z.cards.topup.bindFirst }).click();
      await page.getByLabel(Z.cards.bind.pan, { exact: true }).fill(PAN);
      await page.getByLabel(Z.cards.bind.expiry, { exact: true }).fill('12/39');
      await page.getByLabel(Z.cards.bind.holder, { exact: true }).fill('CHEN YI');
      await page.getByRole('button', { name: Z.cards.bind.submit, exact: true }).click();
      await page.waitForURL(/\/cards$/);
      await page.goto(`${e.url}/topup`);
      await page.getByLabel(Z.cards.topup.amount, { exact: true }).fill('800');
      await page.getByRole('button', { name: Z.cards.topup.next, exact: true }).click();
      await page.getByRole('button', { name: Z.cards.topup.confirm, exact: true }).click();
      await page.getByRole('heading', { name: Z.cards.topup.succeededTitle }).waitFor();
      await screenshot(page, 'journey-topped-up-zh-phone');

      // A passkey, added in the security centre with Chromium's virtual authenticator.
      await addVirtualAuthenticator(page);
      await page.goto(`${e.url}/security/passkeys`);
      await page.getByLabel(Z.security.passkeys.name, { exact: true }).fill('我的手机');
      await page.getByLabel(Z.security.passkeys.password, { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: Z.security.passkeys.add, exact: true }).click();
      await status(page, Z.security.passkeys.addedOk).waitFor();

      // ¥600 to a new payee, above the ¥500 threshold: confirmed with the passkey, bound to amount and payee.
      await page.goto(`${e.url}/home`);
      await page.getByRole('link', { name: Z.home.actions.transfer }).click();
      await page.getByLabel(Z.transfer.payee, { exact: true }).fill(payee.phone);
      await page.getByLabel(Z.transfer.amount, { exact: true }).fill('600');
      await page.getByLabel(Z.transfer.note, { exact: true }).fill('房租');
      await page.getByRole('button', { name: Z.transfer.review, exact: true }).click();
      await page.getByRole('button', { name: Z.transfer.confirm, exact: true }).click();
      await page.getByRole('heading', { name: Z.stepUp.title }).waitFor();
      await screenshot(page, 'journey-step-up-zh-phone');
      await page.getByRole('button', { name: Z.stepUp.passkeyUse }).click();
      await page.getByRole('heading', { name: Z.transfer.paid }).waitFor();

      // The payer's history: the payment to the payee, out.
      await page.goto(`${e.url}/history`);
      const mine = page.getByRole('main');
      await expect.poll(() => mine.textContent()).toContain(payee.name);
      expect(await mine.textContent()).toContain('600.00');
      await screenshot(page, 'journey-history-payer-zh-phone');

      // The payee signs in with a texted code and finds it in their history.
      const payeeAgain = await newContext(e.browser, PHONE_VIEWPORT);
      try {
        const p2 = await payeeAgain.newPage();
        await p2.goto(`${e.url}/sign-in`);
        await p2.getByRole('button', { name: Z.signIn.byCode }).click();
        await p2.getByLabel(Z.signIn.phone, { exact: true }).fill(payee.phone);
        const before = e.server.smsSim!.state.latest(`+86${payee.phone}`)?.id;
        await p2.getByRole('button', { name: Z.signIn.sendCode }).click();
        await expect.poll(() => e.server.smsSim!.state.latest(`+86${payee.phone}`)?.id).not.toBe(before);
        await p2.getByLabel(Z.signIn.code, { exact: true }).fill(await latestCode(payee.phone));
        await p2.getByRole('button', { name: Z.signIn.submit, exact: true }).click();
        await p2.waitForURL('**/home');
        await expect.poll(() => p2.locator('.yb-money').first().textContent()).toBe('¥600.00');
        await p2.goto(`${e.url}/history`);
        await expect.poll(() => p2.getByRole('main').textContent()).toContain(payer.name);
        expect(await p2.getByRole('main').textContent()).toContain('600.00');
        await screenshot(p2, 'journey-history-payee-zh-phone');
      } finally {
        await payeeAgain.close();
      }

      // Freeze ("worried someone has my wallet"), home says so; lifted with the passkey.
      await page.goto(`${e.url}/security/freeze`);
      await page.getByRole('button', { name: Z.security.freeze.freeze, exact: true }).click();
      await page.getByRole('button', { name: Z.security.freeze.yesFreeze, exact: true }).click();
      await status(page, Z.security.freeze.frozenOk).waitFor();
      await page.goto(`${e.url}/home`);
      await page.getByRole('alert').filter({ hasText: Z.home.frozen }).waitFor();
      await page.goto(`${e.url}/security/freeze`);
      await page.getByRole('button', { name: Z.security.freeze.unfreeze, exact: true }).click();
      await page.getByRole('button', { name: Z.stepUp.passkeyUse }).click();
      await status(page, Z.security.freeze.unfrozen).waitFor();

      // Settings: English and elder mode, at once and on every screen.
      await page.goto(`${e.url}/settings`);
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('switch').check();
      await page.goto(`${e.url}/home`);
      await expect.poll(() => h1(page).textContent()).toBe(EN.home.greeting.replace('{{name}}', payer.name));
      expect(await page.getAttribute('html', 'data-elder')).toBe('');
      expect(await page.locator('.yb-money').first().textContent()).toBe('CN¥200.00');
      await screenshot(page, 'journey-home-en-elder-phone');
    } finally {
      await context.close();
    }
  }, 240_000);
});
