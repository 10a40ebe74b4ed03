/**
 * Screenshots of the web app for a person to look at (not part of `npm test`): welcome, sign-in (also
 * with an API error) and home, at phone and desktop sizes, in zh-CN, English and elder mode.
 *
 *   npx yinbao start                      # in another terminal (demo data loads on first start)
 *   npm run web:screenshots -- http://127.0.0.1:3000
 *
 * Needs Debian's Chromium (`apt-get install -y chromium`); PNGs go to build/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
const out = join(process.cwd(), 'build', 'screenshots');
const phone = process.env.DEMO_PHONE ?? '13800138000';
const password = process.env.DEMO_PASSWORD ?? 'yinbao-demo-1';

const viewports = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
];
const modes = [
  { name: 'zh', lang: 'zh-CN', elder: false, start: '开始使用', signIn: '登录' },
  { name: 'en', lang: 'en', elder: false, start: 'Get started', signIn: 'Sign in' },
  { name: 'elder', lang: 'zh-CN', elder: true, start: '开始使用', signIn: '登录' },
];

mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
try {
  for (const vp of viewports) {
    for (const m of modes) {
      const context = await browser.newContext({ viewport: vp, locale: m.lang });
      await context.addInitScript(
        ([lang, elder]) => {
          // Runs in the page (this file is type-checked without the DOM library).
          type Store = { getItem(k: string): string | null; setItem(k: string, v: string): void };
          const localStorage = (globalThis as unknown as { localStorage: Store }).localStorage;
          if (!localStorage.getItem('yb.lang')) localStorage.setItem('yb.lang', lang as string);
          if (!localStorage.getItem('yb.elder')) localStorage.setItem('yb.elder', elder ? '1' : '0');
        },
        [m.lang, m.elder],
      );
      const page = await context.newPage();
      const shot = async (screen: string) => {
        const file = join(out, `${screen}-${m.name}-${vp.name}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(file);
      };
      await page.goto(`${base}/`);
      await page.waitForURL('**/welcome');
      await page.getByRole('button', { name: m.start }).waitFor();
      await shot('welcome');
      await page.getByRole('button', { name: m.start }).click();
      await page.waitForURL('**/sign-in');
      await shot('sign-in');
      const inputs = page.locator('input');
      // A wrong password on an unregistered number: the same answer, without locking the demo account.
      await inputs.nth(0).fill('13000000000');
      await inputs.nth(1).fill('not-the-password');
      await page.locator('form button[type=submit]').click();
      await page.getByRole('alert').waitFor();
      await shot('sign-in-error');
      await inputs.nth(0).fill(phone);
      await inputs.nth(1).fill(password);
      await page.locator('form button[type=submit]').click();
      await page.waitForURL('**/home');
      await page.locator('.yb-money').first().waitFor();
      await shot('home');
      await context.close();
    }
  }
} finally {
  await browser.close();
}
