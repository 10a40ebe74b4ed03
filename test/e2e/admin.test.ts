import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faceCheck, selfie, verifiedCustomer } from '../../apps/server/src/modules/kyc/kyc.test-support.ts';
import { base32Decode, totp } from '../../apps/server/src/modules/security/totp.ts';
import { call } from '../helpers/api.ts';
import { type StaffUser, staffWithRoles } from '../helpers/staff.ts';
import {
  type E2e,
  MODES,
  newContext,
  screenshot,
  seriousA11yViolations,
  signUpCustomer,
  startE2e,
  VIEWPORTS,
} from './browser.ts';

// The back-office console in a real browser: staff sign-in with an authenticator, customer lookup,
// a freeze proposed by one staff member and approved by a second, unmasking, the audit log.
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const EN = MODES[1];
const STAFF_KEY = 'yb.staff.session';
/** The page's storage (this file is type-checked without the DOM library). */
type Storage = { getItem(k: string): string | null; setItem(k: string, v: string): void };

describe('back-office console in Chromium', () => {
  let e: E2e;
  let operator: StaffUser;
  let admin: StaffUser;
  let customer: Awaited<ReturnType<typeof signUpCustomer>>;
  const phone = '13812345678';

  beforeAll(async () => {
    e = await startE2e({ cardNetwork: { decisionDelayMs: 5 }, idv: true });
    // Each already signed in once over HTTP (so the browser sign-in uses the next authenticator step).
    [operator, admin] = await Promise.all([
      staffWithRoles(e.server, ['operator']),
      staffWithRoles(e.server, ['admin']),
    ]);
    customer = await signUpCustomer(e.server, phone, 'Wang Xiaoming');
    // A KYC case for the review queue: a face check the identity service could not decide.
    const kyc = await verifiedCustomer(e.server, '13812340099', { card: true });
    expect((await faceCheck(e.server, kyc.token, selfie('UNSURE'))).json()).toMatchObject({
      result: 'in_review',
    });
  }, 240_000);
  afterAll(async () => {
    await e?.close();
  });

  /** Signs a staff member in through the console's form (English), with a fresh authenticator step. */
  async function staffSignIn(page: Page, u: StaffUser) {
    await page.goto(`${e.url}/admin/requests`);
    await page.waitForURL('**/admin/sign-in'); // every console route needs a staff session
    await page.getByLabel('Username').fill(u.username);
    await page.getByLabel('Password').fill(u.password);
    // staffWithRoles used the current step: a code is never accepted twice, so take the next one.
    await page.getByLabel('Authenticator code').fill(totp(u.secret, new Date(), 1));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/admin/customers');
  }

  it('one staff member proposes a freeze, a second approves it, and the wallet is frozen', async () => {
    const a: BrowserContext = await newContext(e.browser, DESKTOP, EN);
    const b: BrowserContext = await newContext(e.browser, DESKTOP, EN);
    try {
      const pa = await a.newPage();
      await staffSignIn(pa, operator);
      await expect.poll(() => pa.getByTestId('staff-name').textContent()).toBe(operator.username);
      // The staff session has its own key; the customer's stays untouched.
      expect(
        await pa.evaluate(() =>
          (globalThis as unknown as { sessionStorage: Storage }).sessionStorage.getItem('yb.session'),
        ),
      ).toBeNull();
      expect(
        await pa.evaluate(
          (k) => (globalThis as unknown as { sessionStorage: Storage }).sessionStorage.getItem(k),
          STAFF_KEY,
        ),
      ).toContain(operator.id);

      // Validation before submit, then the lookup.
      await pa.getByRole('button', { name: 'Search' }).click();
      await pa.getByText('Enter an 11-digit number starting with 1').first().waitFor();
      await pa.getByLabel('Customer mobile number').fill(phone);
      await pa.getByRole('button', { name: 'Search' }).click();
      await pa.waitForURL(`**/admin/customers/${customer.customerId}`);
      expect(await pa.getByTestId('masked-phone').textContent()).not.toBe(phone);
      await expect.poll(() => pa.getByTestId('masked-phone').textContent()).toMatch('5678');

      // An operator may not unmask: the plain refusal.
      await pa.getByLabel('Reason').first().fill('customer called to verify');
      await pa.getByRole('button', { name: 'Show full details' }).click();
      await pa.getByText('Your role does not allow this.').first().waitFor();

      // Propose a freeze (the default action) with a reason.
      const propose = pa.locator('section', { has: pa.getByRole('heading', { name: 'Propose an action' }) });
      await propose.getByRole('button', { name: 'Propose' }).click();
      await propose.getByText('Give a reason (at least 3 characters)').first().waitFor();
      await propose.getByLabel('Reason').fill('suspicious payments reported by the customer');
      await propose.getByRole('button', { name: 'Propose' }).click();
      await propose.getByText('Proposed: waiting for a colleague to approve.').first().waitFor();

      // Their own request: waiting for a second person, approve disabled.
      await pa.getByRole('link', { name: 'Requests', exact: true }).click();
      await pa.waitForURL('**/admin/requests');
      const own = pa
        .locator('section', { has: pa.getByRole('heading', { name: /^Pending/ }) })
        .locator('tbody tr');
      await expect.poll(() => own.count()).toBe(1);
      await own.getByText('Waiting for a second person').first().waitFor();
      expect(await own.getByRole('button', { name: 'Approve' }).isDisabled()).toBe(true);
      // The server refuses it too, whatever the page shows.
      const requestId = await own.getAttribute('data-request');
      const self = await call(e.server, 'POST', `/v1/staff/requests/${requestId}/approve`, {
        token: operator.token,
        body: {},
      });
      expect(self.status).toBe(403);
      expect(
        (await call(e.server, 'GET', `/v1/wallets/${customer.walletId}`, { token: customer.token })).json,
      ).toMatchObject({ status: 'active' });

      // A second person approves it in another browser.
      const pb = await b.newPage();
      await staffSignIn(pb, admin);
      await pb.getByRole('link', { name: 'Requests', exact: true }).click();
      const row = pb.locator(`tr[data-request="${requestId}"]`);
      await row.getByText('Freeze wallet').first().waitFor();
      await row.getByRole('button', { name: 'Approve' }).click();
      await row.getByText('Executed').first().waitFor();

      const wallet = await call(e.server, 'GET', `/v1/wallets/${customer.walletId}`, {
        token: customer.token,
      });
      expect(wallet.status, wallet.text).toBe(200);
      expect(wallet.json.status).toBe('frozen');

      // The admin unmasks with a reason and sees the full number.
      await pb.goto(`${e.url}/admin/customers/${customer.customerId}`);
      await pb.getByText('Frozen', { exact: true }).first().waitFor();
      await pb.getByRole('button', { name: 'Show full details' }).click();
      await pb.getByText('Give a reason (at least 3 characters)').first().first().waitFor();
      await pb.getByLabel('Reason').first().fill('fraud investigation 42');
      await pb.getByRole('button', { name: 'Show full details' }).click();
      await expect.poll(() => pb.getByTestId('full-phone').textContent()).toContain(phone);

      // The audit log: the chain verified, the freeze recorded.
      await pb.getByRole('link', { name: 'Audit log' }).click();
      await expect
        .poll(() => pb.getByTestId('chain').textContent())
        .toMatch(/Chain verified: all \d+ entries are intact/);
      await pb.getByText('wallet.frozen').first().waitFor();
      await pb.getByText('staff.customer_unmasked').first().waitFor();

      // Sign out ends the console session.
      await pb.getByRole('button', { name: 'Sign out' }).click();
      await pb.waitForURL('**/admin/sign-in');
      expect(
        await pb.evaluate(
          (k) => (globalThis as unknown as { sessionStorage: Storage }).sessionStorage.getItem(k),
          STAFF_KEY,
        ),
      ).toBeNull();
    } finally {
      await a.close();
      await b.close();
    }
  }, 120_000);

  it('a refused (401) staff session goes back to sign-in; failures get one plain message', async () => {
    const ctx = await newContext(e.browser, DESKTOP, EN);
    try {
      await ctx.addInitScript((k) => {
        const s = (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } })
          .sessionStorage;
        s.setItem(
          k as string,
          JSON.stringify({
            token: 'ybo_expired',
            expiresAt: new Date(Date.now() + 3600_000).toISOString(),
            staff: { id: 'x', username: 'ghost', roles: ['admin'] },
          }),
        );
      }, STAFF_KEY);
      const page = await ctx.newPage();
      await page.goto(`${e.url}/admin/requests`);
      await page.waitForURL('**/admin/sign-in');
      await page.getByLabel('Username').fill(operator.username);
      await page.getByLabel('Password').fill('not the password');
      await page.getByLabel('Authenticator code').fill('123456');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch('Sign-in failed');
    } finally {
      await ctx.close();
    }
  });

  it('a new staff member enrols an authenticator at first sign-in (QR code and secret, first code)', async () => {
    const created = await call(e.server, 'POST', '/v1/staff/members', {
      token: admin.token,
      body: { username: 'new.hire', displayName: 'New Hire', roles: ['customer_service'] },
    });
    expect(created.status, created.text).toBe(201);
    const ctx = await newContext(e.browser, PHONE, EN);
    try {
      const page = await ctx.newPage();
      await page.goto(`${e.url}/admin/sign-in`);
      await page.getByLabel('Username').fill('new.hire');
      await page.getByLabel('Password').fill(created.json.temporaryPassword);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Set up your authenticator' }).waitFor();
      await page.getByRole('img', { name: 'Authenticator QR code' }).waitFor();
      const secret = base32Decode(
        ((await page.locator('.adm-secret').textContent()) ?? '').replace(/\s/g, ''),
      );
      expect(secret).not.toBeNull();
      await screenshot(page, 'admin-enrol-en-phone');
      await page.getByLabel('Authenticator code').fill('000000');
      await page.getByRole('button', { name: 'Confirm and sign in' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch('That code is wrong');
      await page.getByLabel('Authenticator code').fill(totp(secret!, new Date()));
      await page.getByRole('button', { name: 'Confirm and sign in' }).click();
      await page.waitForURL('**/admin/customers');
      await expect.poll(() => page.getByTestId('staff-name').textContent()).toBe('new.hire');
    } finally {
      await ctx.close();
    }
  });

  it('every console screen in Chinese and English, phone and desktop: no serious axe violations', async () => {
    // Something pending and something decided on the requests page.
    const adjust = await call(e.server, 'POST', '/v1/staff/requests', {
      token: operator.token,
      body: {
        customerId: customer.customerId,
        reason: 'goodwill credit for a failed top-up',
        action: { kind: 'adjust_balance', direction: 'credit', amount: { amount: '10.00', currency: 'CNY' } },
      },
    });
    expect(adjust.status, adjust.text).toBe(201);
    const session = JSON.stringify({
      token: admin.token,
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      staff: { id: admin.id, username: admin.username, roles: ['admin'] },
    });
    const failures: string[] = [];
    for (const vp of VIEWPORTS) {
      for (const mode of [MODES[0], MODES[1]]) {
        const ctx = await newContext(e.browser, vp, mode);
        const page = await ctx.newPage();
        const check = async (name: string) => {
          if (vp.name === 'phone')
            for (const v of await seriousA11yViolations(page)) failures.push(`${name}: ${v}`);
          await screenshot(page, `${name}-${mode.name}-${vp.name}`);
        };
        try {
          await page.goto(`${e.url}/admin/sign-in`);
          await page.locator('form').waitFor();
          await check('admin-sign-in');
          // The staff session as the sign-in leaves it (the authenticator steps are single-use).
          await page.evaluate(
            ([k, v]) =>
              (globalThis as unknown as { sessionStorage: Storage }).sessionStorage.setItem(
                k as string,
                v as string,
              ),
            [STAFF_KEY, session],
          );
          await page.goto(`${e.url}/admin/customers`);
          await page.locator('form.adm-search').waitFor();
          await check('admin-customer-search');
          await page.goto(`${e.url}/admin/customers/${customer.customerId}`);
          await page.getByTestId('masked-phone').waitFor();
          await page.locator('tbody tr').first().waitFor();
          await check('admin-customer');
          await page.goto(`${e.url}/admin/requests`);
          await page.locator('tbody tr').nth(1).waitFor();
          await check('admin-requests');
          await page.goto(`${e.url}/admin/kyc`);
          await page.locator('tbody tr').first().waitFor();
          await check('admin-kyc');
          await page.locator('tbody tr a').first().click();
          await page.locator('.adm-dl').first().waitFor();
          await check('admin-kyc-review');
          await page.goto(`${e.url}/admin/audit`);
          await page.getByTestId('chain').waitFor();
          await check('admin-audit');
        } finally {
          await ctx.close();
        }
      }
    }
    expect(failures).toEqual([]);
  }, 240_000);
});
