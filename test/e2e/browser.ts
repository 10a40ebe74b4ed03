/**
 * Browser end-to-end tests: the production build of apps/web served by a real API server (fresh test
 * database, SMS simulator), driven through `playwright-core` in Debian's Chromium. `.ci/run` installs
 * Chromium (`apt-get install chromium fonts-noto-cjk`); CHROMIUM_PATH points at another binary.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { ensureWebBuild } from '../../apps/server/src/cli/web-build.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** Where the e2e build of the web app goes (git-ignored; rebuilt only when apps/web changes). */
export const webDist = join(root, 'build', 'e2e-web');
/** PNGs for a person to look at: `<screen>-<mode>-<viewport>.png`. */
export const screenshotDir = join(root, 'build', 'screenshots');

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
] as const;
export type Viewport = (typeof VIEWPORTS)[number];

export const MODES = [
  { name: 'zh', lang: 'zh-CN', elder: false },
  { name: 'en', lang: 'en', elder: false },
  { name: 'elder', lang: 'zh-CN', elder: true },
] as const;
export type Mode = (typeof MODES)[number];

export type E2e = {
  server: TestServer;
  browser: Browser;
  /** The app's address as the browser should open it: `http://localhost:<port>` — WebAuthn refuses an
   * IP address as relying-party id, so passkeys work only under a host name. */
  url: string;
  close: () => Promise<void>;
};

/** Launches Chromium, or fails saying how to install it (a missing browser must not skip the tests). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}. The browser tests need Debian's Chromium: ` +
        'run `sudo apt-get install -y --no-install-recommends chromium fonts-noto-cjk` ' +
        '(.ci/run does this), or set CHROMIUM_PATH to a Chromium binary.',
    );
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Builds the web app (when stale), starts the server on a fresh database and launches Chromium. */
export async function startE2e(
  opts: Omit<Parameters<typeof startTestServer>[0] & object, 'webRoot'> = {},
): Promise<E2e> {
  const log: string[] = [];
  ensureWebBuild((m) => log.push(m), webDist);
  if (/failed|not installed/.test(log.join('\n')) || !existsSync(join(webDist, 'index.html'))) {
    throw new Error(`web app build failed:\n${log.join('\n')}`);
  }
  const browser = await launchChromium();
  let server: TestServer;
  try {
    server = await startTestServer({ sms: true, ...opts, webRoot: webDist });
  } catch (e) {
    await browser.close();
    throw e;
  }
  mkdirSync(screenshotDir, { recursive: true });
  const url = server.url.replace('127.0.0.1', 'localhost');
  // Passkeys: the relying party is the host the browser sees (the service reads this object per call).
  server.config.webauthn.rpId = 'localhost';
  server.config.webauthn.origins = [url];
  // Shops send customers to the hosted checkout under the same host name (one sign-in, one origin).
  server.config.publicWebUrl = url;
  return {
    server,
    browser,
    url,
    close: async () => {
      await browser.close();
      await server.stop();
    },
  };
}

/**
 * A fresh browser profile (empty storage: a first launch) at a viewport. With `mode`, the language and
 * elder mode are preset as if chosen on the welcome screen (only when not yet stored, so a reload keeps
 * what the page changed).
 */
export async function newContext(
  browser: Browser,
  viewport: { width: number; height: number },
  mode?: Mode,
  /** The device id the app keeps (`yb.deviceId`): the sign-up device's makes this browser trusted. */
  deviceId?: string,
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport,
    locale: mode?.lang ?? 'zh-CN',
    reducedMotion: 'reduce',
  });
  if (deviceId) {
    await context.addInitScript((id) => {
      type Store = { getItem(k: string): string | null; setItem(k: string, v: string): void };
      const localStorage = (globalThis as unknown as { localStorage: Store }).localStorage;
      if (!localStorage.getItem('yb.deviceId')) localStorage.setItem('yb.deviceId', id);
      localStorage.setItem('yb.onboarded', '1');
    }, deviceId);
  }
  if (mode) {
    await context.addInitScript(
      ([lang, elder]) => {
        // Runs in the page (this file is type-checked without the DOM library).
        type Store = { getItem(k: string): string | null; setItem(k: string, v: string): void };
        const localStorage = (globalThis as unknown as { localStorage: Store }).localStorage;
        if (!localStorage.getItem('yb.lang')) localStorage.setItem('yb.lang', lang as string);
        if (!localStorage.getItem('yb.elder')) localStorage.setItem('yb.elder', elder ? '1' : '0');
      },
      [mode.lang, mode.elder],
    );
  }
  return context;
}

type AxeViolation = {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown; failureSummary?: string }[];
};

/** Runs axe-core in the page; returns the serious and critical violations, printed for a failure. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  // Once per page: the app navigates without reloading, so axe stays loaded between screens.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    const g = globalThis as unknown as {
      axe: { run: (o: unknown) => Promise<{ violations: AxeViolation[] }> };
    };
    const r = await g.axe.run({ resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n` +
        v.nodes.map((n) => `  ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('\n'),
    );
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export const PASSWORD = 'correct horse battery';

/** A customer signed up over the API on its own device (so a browser given `deviceId` is trusted). */
export async function signUpCustomer(server: TestServer, phone: string, displayName: string) {
  const deviceId = `e2e-device-${randomUUID()}`;
  const res = await fetch(`${server.url}/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-device-id': deviceId },
    body: JSON.stringify({ phone, password: PASSWORD, displayName }),
  });
  if (res.status !== 201) throw new Error(`sign-up ${phone}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as {
    customer: { id: string; walletId: string };
    session: { token: string };
  };
  return {
    phone,
    deviceId,
    customerId: body.customer.id,
    walletId: body.customer.walletId,
    token: body.session.token,
  };
}

/** Signs in through the app's sign-in screen (labels of either language) and waits for home. */
export async function signInInBrowser(page: Page, base: string, phone: string, password = PASSWORD) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel(/^(手机号|Mobile number)$/).fill(phone);
  await page.getByLabel(/^(登录密码|Password)$/).fill(password);
  await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
  await page.waitForURL('**/home');
}

/**
 * Runs `visit` in every mode (zh-CN, English, elder) at both viewports, each in a fresh context
 * signed in as the customer on its trusted device; `visit` calls `check(name)` on each screen it
 * reaches: axe-core at the phone size (no serious or critical violations) and a screenshot
 * `<name>-<mode>-<viewport>.png`. Returns the violations found (expect it to be empty).
 */
export async function screensInEveryMode(
  e: E2e,
  customer: { phone: string; deviceId: string },
  visit: (page: Page, check: (name: string) => Promise<void>, mode: Mode) => Promise<void>,
): Promise<string[]> {
  const failures: string[] = [];
  for (const vp of VIEWPORTS) {
    for (const mode of MODES) {
      const context = await newContext(e.browser, vp, mode, customer.deviceId);
      const page = await context.newPage();
      try {
        await signInInBrowser(page, e.url, customer.phone);
        await visit(
          page,
          async (name) => {
            if (vp.name === 'phone')
              for (const v of await seriousA11yViolations(page)) failures.push(`${name}: ${v}`);
            await screenshot(page, `${name}-${mode.name}-${vp.name}`);
          },
          mode,
        );
      } finally {
        await context.close();
      }
    }
  }
  return failures;
}

/**
 * Chromium's virtual authenticator on this page: a platform authenticator (the phone's fingerprint
 * or face) that keeps discoverable passkeys and verifies the user at once.
 */
export async function addVirtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return cdp;
}
