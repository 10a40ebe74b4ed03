import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../apps/web/src/errors.ts';
import { fund } from '../helpers/server.ts';
import {
  type E2e,
  MODES,
  type Mode,
  newContext,
  screenshot,
  seriousA11yViolations,
  startE2e,
  VIEWPORTS,
} from './browser.ts';

// The customer web app in a real browser (welcome, sign-in, sign-up, home, settings), against the real API server.
const PHONE = { width: 390, height: 844 };
const PASSWORD = 'correct horse battery';
const TEXT = {
  'zh-CN': { start: '开始使用', phone: '手机号', password: '登录密码', signIn: '登录', signOut: '退出登录' },
  en: {
    start: 'Get started',
    phone: 'Mobile number',
    password: 'Password',
    signIn: 'Sign in',
    signOut: 'Sign out',
  },
} as const;
/** 100.00 CNY as `formatMoney` writes it (Intl's currency symbol differs per locale). */
const HUNDRED = { 'zh-CN': '¥100.00', en: 'CN¥100.00' } as const;

describe('customer web app in Chromium', () => {
  let e: E2e;
  let base: string;
  const customer = '13912340001';
  const lockable = '13912340002'; // takes the wrong passwords, so `customer` is never throttled

  /** Signs up over the API, as the app's sign-up screen will. */
  async function signUp(phone: string, displayName: string) {
    const res = await fetch(`${base}/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-device-id': randomUUID() },
      body: JSON.stringify({ phone, password: PASSWORD, displayName }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as { customer: { walletId: string } }).customer.walletId;
  }

  beforeAll(async () => {
    e = await startE2e();
    base = e.server.url;
    const wallet = await signUp(customer, '王小明');
    await fund(e.server, wallet, 10_000n);
    await signUp(lockable, 'Li Lei');
  }, 120_000);
  afterAll(async () => {
    await e?.close();
  });

  async function signIn(page: Page, lang: 'zh-CN' | 'en', phone: string, password: string) {
    await page.getByLabel(TEXT[lang].phone, { exact: true }).fill(phone);
    await page.getByLabel(TEXT[lang].password, { exact: true }).fill(password);
    await page.getByRole('button', { name: TEXT[lang].signIn, exact: true }).click();
  }

  /** The computed font size, in px, of the first element matching `selector`. */
  const fontSize = (page: Page, selector: string) =>
    page
      .locator(selector)
      .first()
      .evaluate((el) => {
        const g = globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string } };
        return Number.parseFloat(g.getComputedStyle(el).fontSize);
      });

  it('first launch: welcome; English and elder mode apply at once and survive a reload', async () => {
    const context = await newContext(e.browser, PHONE);
    const page = await context.newPage();
    try {
      await page.goto(`${base}/`);
      await page.waitForURL('**/welcome');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('欢迎使用银包');
      expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');

      await page.getByRole('button', { name: 'English' }).click();
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toBe('Welcome to Yinbao');
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');

      const before = await fontSize(page, '.yb-hero p');
      expect(await page.getAttribute('html', 'data-elder')).toBeNull();
      await page.getByRole('switch', { name: /Elder mode/ }).check();
      expect(await page.getAttribute('html', 'data-elder')).toBe('');
      const after = await fontSize(page, '.yb-hero p');
      expect(after).toBeGreaterThanOrEqual(before * 1.2);

      await page.reload();
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toBe('Welcome to Yinbao');
      expect(await page.getAttribute('html', 'data-elder')).toBe('');
      expect(await page.getByRole('switch', { name: /Elder mode/ }).isChecked()).toBe(true);
      expect(await fontSize(page, '.yb-hero p')).toBe(after);

      await page.getByRole('button', { name: 'Get started' }).click();
      await page.waitForURL('**/sign-in');
      await page.reload();
      // Onboarded: the app opens on sign-in now, still in English and elder mode.
      await page.goto(`${base}/`);
      await page.waitForURL('**/sign-in');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
      expect(await page.getAttribute('html', 'data-elder')).toBe('');
    } finally {
      await context.close();
    }
  });

  it('keyboard only: signs in with Tab, typing and Enter, and reaches a quick action', async () => {
    const context = await newContext(e.browser, PHONE, MODES[0]);
    const page = await context.newPage();
    try {
      await page.goto(`${base}/sign-in`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      // Tab until the phone field has focus (never more than a screenful of stops).
      const focusedLabel = () =>
        page.evaluate(
          `(() => { const a = document.activeElement; return a && a.id ? document.querySelector("label[for='" + a.id + "']")?.textContent ?? '' : a?.textContent ?? '' })()`,
        ) as Promise<string>;
      for (let i = 0; i < 15 && (await focusedLabel()) !== TEXT['zh-CN'].phone; i++)
        await page.keyboard.press('Tab');
      expect(await focusedLabel()).toBe(TEXT['zh-CN'].phone);
      await page.keyboard.type(customer);
      await page.keyboard.press('Tab');
      expect(await focusedLabel()).toBe(TEXT['zh-CN'].password);
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press('Enter');
      await page.waitForURL('**/home');
      // The first quick action is a link the keyboard reaches and opens.
      for (let i = 0; i < 20 && (await focusedLabel()).trim() !== '转账'; i++)
        await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.waitForURL('**/transfer');
    } finally {
      await context.close();
    }
  });

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`signs in (${lang}): the balance in the locale's format; signing out returns to sign-in`, async () => {
      const context = await newContext(e.browser, PHONE, MODES.find((m) => m.lang === lang)!);
      const page = await context.newPage();
      try {
        await page.goto(`${base}/`);
        await page.getByRole('button', { name: TEXT[lang].start }).click();
        await page.waitForURL('**/sign-in');
        await signIn(page, lang, customer, PASSWORD);
        await page.waitForURL('**/home');
        await expect.poll(() => page.locator('.yb-money').first().textContent()).toBe(HUNDRED[lang]);
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('王小明');

        await page.getByRole('button', { name: TEXT[lang].signOut }).click();
        await page.waitForURL('**/sign-in');
        // The session is gone: home sends the browser back to sign-in.
        await page.goto(`${base}/home`);
        await page.waitForURL('**/sign-in');
      } finally {
        await context.close();
      }
    });
  }

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`a wrong password and an unknown phone get plain words, never the code (${lang})`, async () => {
      const context = await newContext(e.browser, PHONE, MODES.find((m) => m.lang === lang)!);
      const page = await context.newPage();
      try {
        await page.goto(`${base}/`);
        await page.getByRole('button', { name: TEXT[lang].start }).click();
        await page.waitForURL('**/sign-in');
        const expected = ERROR_MESSAGES.INVALID_CREDENTIALS![lang];
        for (const phone of [lockable, '13000000009']) {
          await signIn(page, lang, phone, 'not-the-password');
          const alert = page.getByRole('alert');
          await expect.poll(() => alert.textContent()).toBe(expected);
          expect(await page.locator('main').textContent()).not.toMatch(/INVALID_CREDENTIALS|401/);
          expect(page.url()).toMatch(/\/sign-in$/);
          // Start clean, so the next alert is its own answer and not the one still on screen.
          await page.reload();
        }
      } finally {
        await context.close();
      }
    });
  }

  it('every screen in zh-CN, English and elder mode: no serious or critical axe-core violations; screenshots at 390×844 and 1280×800', async () => {
    const failures: string[] = [];
    let unknown = 0;
    // axe-core at the phone size only: the desktop layout is the same markup, and axe is the slow part.
    const check = async (page: Page, name: string, axe: boolean) => {
      if (axe) for (const v of await seriousA11yViolations(page)) failures.push(`${name}: ${v}`);
      await screenshot(page, name);
    };
    const run = async (vp: (typeof VIEWPORTS)[number], mode: Mode) => {
      const context = await newContext(e.browser, vp, mode);
      const page = await context.newPage();
      const lang = mode.lang;
      const suffix = `${mode.name}-${vp.name}`;
      const axe = vp.name === 'phone';
      try {
        await page.goto(`${base}/`);
        await page.getByRole('button', { name: TEXT[lang].start }).waitFor();
        await check(page, `welcome-${suffix}`, axe);
        await page.getByRole('button', { name: TEXT[lang].start }).click();
        await page.waitForURL('**/sign-in');
        await check(page, `sign-in-${suffix}`, axe);
        // The texted-code way of signing in, then back to the password.
        await page
          .getByRole('button', { name: lang === 'en' ? 'Text message code' : '短信验证码登录' })
          .click();
        await page.getByRole('button', { name: lang === 'en' ? 'Text me a code' : '获取验证码' }).waitFor();
        await check(page, `sign-in-code-${suffix}`, axe);
        await page
          .getByRole('button', { name: lang === 'en' ? 'Password' : '密码登录', exact: true })
          .click();
        // An unregistered number: the same answer as a wrong password, and no one's account is throttled.
        await signIn(page, lang, `1300000000${unknown++}`, 'not-the-password');
        await page.getByRole('alert').waitFor();
        await check(page, `sign-in-error-${suffix}`, axe);
        await signIn(page, lang, customer, PASSWORD);
        await page.waitForURL('**/home');
        await expect.poll(() => page.locator('.yb-money').first().textContent()).toBe(HUNDRED[lang]);
        await check(page, `home-${suffix}`, axe);
        await page.goto(`${base}/settings`);
        await page.getByRole('switch').waitFor();
        await check(page, `settings-${suffix}`, axe);
        // Signed out (the session lives in sessionStorage), the sign-up screen.
        await page.evaluate('sessionStorage.clear()');
        await page.goto(`${base}/sign-up`);
        await page.locator('input[type=tel]').waitFor();
        await check(page, `sign-up-${suffix}`, axe);
      } finally {
        await context.close();
      }
    };
    for (const vp of VIEWPORTS) for (const mode of MODES) await run(vp, mode);
    expect(failures, failures.join('\n')).toEqual([]);
  }, 90_000);
});
