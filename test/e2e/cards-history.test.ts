import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../apps/web/src/errors.ts';
import { zhCN as cardsText } from '../../apps/web/src/features/cards/locales.ts';
import { zhCN as historyText } from '../../apps/web/src/features/history/locales.ts';
import { zhCN as notificationsText } from '../../apps/web/src/features/notifications/locales.ts';
import type { Json } from '../helpers/api.ts';
import {
  type E2e,
  MODES,
  newContext,
  screensInEveryMode,
  signInInBrowser,
  signUpCustomer,
  startE2e,
} from './browser.ts';

// Cards, top-ups, the history (filters, detail, month chart) and the inbox, in a real browser against
// the real API server and the card-network simulator.
const PHONE = { width: 390, height: 844 };
const APPROVE = '6222021000040001'; // TEST_CARDS.approve (ICBC), any expiry in the future
const DO_NOT_HONOUR = '6222021000010004'; // binds, then every top-up is declined
const VERIFY_DECLINE = '6222021000060009'; // refused when binding
const C = cardsText;
const H = historyText;
const N = notificationsText;

type Customer = Awaited<ReturnType<typeof signUpCustomer>>;

describe('cards, top-up, history and notifications in Chromium', () => {
  let e: E2e;
  let customer: Customer;
  let friend: Customer;
  let viewer: Customer;

  async function apiCall(who: Customer, method: string, path: string, body?: unknown) {
    const res = await fetch(`${e.server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${who.token}`,
        'x-device-id': who.deviceId,
        ...(body ? { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, json: (await res.json().catch(() => null)) as Json };
  }

  async function bindCard(page: Page, pan: string, holder = '陈小红') {
    await page.goto(`${e.url}/cards/new`);
    await page.getByLabel(C.bind.pan, { exact: true }).fill(pan);
    await page.getByLabel(C.bind.expiry, { exact: true }).fill('12/39');
    await page.getByLabel(C.bind.holder, { exact: true }).fill(holder);
    await page.getByRole('button', { name: C.bind.submit, exact: true }).click();
  }

  async function topUp(page: Page, last4: string, amount: string) {
    await page.goto(`${e.url}/topup`);
    await page.getByRole('radio', { name: new RegExp(`${last4}$`) }).check();
    await page.getByLabel(C.topup.amount, { exact: true }).fill(amount);
    await page.getByRole('button', { name: C.topup.next, exact: true }).click();
    await page.getByRole('button', { name: C.topup.confirm, exact: true }).click();
  }

  beforeAll(async () => {
    e = await startE2e({ cardNetwork: {} });
    customer = await signUpCustomer(e.server, '13912350001', '陈小红');
    friend = await signUpCustomer(e.server, '13912350002', 'Li Lei');
    viewer = await signUpCustomer(e.server, '13912350003', '王阿姨');
  }, 180_000);
  afterAll(async () => {
    await e?.close();
  });

  it('binds a card, tops up ¥50 and sees the new balance; a declined card is explained in plain words', async () => {
    const context = await newContext(e.browser, PHONE, MODES[0], customer.deviceId);
    const page = await context.newPage();
    try {
      await signInInBrowser(page, e.url, customer.phone);
      await page.goto(`${e.url}/cards`);
      await expect.poll(() => page.getByText(C.empty).count(), { timeout: 10_000 }).toBe(1);

      // Validation before submit: grouped digits, Luhn, expiry.
      await page.goto(`${e.url}/cards/new`);
      const pan = page.getByLabel(C.bind.pan, { exact: true });
      await pan.pressSequentially('6222021000000001');
      expect(await pan.inputValue()).toBe('6222 0210 0000 0001');
      await page.getByLabel(C.bind.expiry, { exact: true }).pressSequentially('0120');
      expect(await page.getByLabel(C.bind.expiry, { exact: true }).inputValue()).toBe('01/20');
      await page.getByRole('button', { name: C.bind.submit, exact: true }).click();
      await page.getByText(C.bind.panInvalid).waitFor();
      await page.getByText(C.bind.expiryPast).waitFor();
      await page.getByText(C.bind.holderRequired).waitFor();

      // The issuer refuses this one when binding: plain words, no code.
      await bindCard(page, VERIFY_DECLINE);
      await page.getByText(ERROR_MESSAGES.CARD_REJECTED!['zh-CN']).waitFor();
      expect(await page.getByText('CARD_REJECTED').count()).toBe(0);

      await bindCard(page, APPROVE);
      await page.waitForURL('**/cards');
      await page.getByText('尾号 0001').first().waitFor();
      await bindCard(page, DO_NOT_HONOUR);
      await page.waitForURL('**/cards');
      await page.getByText('尾号 0004').first().waitFor();
      // The same card again: plain words.
      await bindCard(page, APPROVE);
      await page.getByText(ERROR_MESSAGES.CARD_ALREADY_BOUND!['zh-CN']).waitFor();

      // Amount validation, then ¥50 from the approving card.
      await page.goto(`${e.url}/topup`);
      await page.getByLabel(C.topup.amount, { exact: true }).fill('0');
      await page.getByRole('button', { name: C.topup.next, exact: true }).click();
      await page.getByText(C.topup.amountInvalid).waitFor();
      await topUp(page, '0001', '50');
      await page.getByRole('heading', { name: C.topup.succeededTitle }).waitFor({ timeout: 15_000 });
      await page.getByText('¥50.00 已存入您的钱包。').waitFor();
      await page.locator('.cards-result .yb-money').getByText('¥50.00').waitFor();

      // Declined by the issuer: plain words and the reason.
      await topUp(page, '0004', '20');
      await page.getByRole('heading', { name: C.topup.declinedTitle }).waitFor({ timeout: 15_000 });
      await page.getByText(C.topup.reasons.do_not_honour).waitFor();

      // Home shows the new balance.
      await page.getByRole('link', { name: C.topup.home }).click();
      await page.waitForURL('**/home');
      await page.locator('.yb-money[data-size="lg"]').getByText('¥50.00').waitFor();

      // Removing a card asks first.
      await page.goto(`${e.url}/cards`);
      await page.getByRole('button', { name: '解绑 尾号 0004 的卡' }).click();
      await page.getByText(C.confirmRemove.replace('{{last4}}', '0004')).waitFor();
      await page.getByRole('button', { name: C.confirmRemoveYes }).click();
      await page.getByText('尾号 0004 的卡已解绑。').waitFor();
      // Once the list has refreshed, only the status line names it.
      await expect.poll(() => page.getByText('尾号 0004', { exact: false }).count()).toBe(1);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('history: the top-up and a transfer, search and filters in the URL, the detail, the month chart', async () => {
    const sent = await apiCall(customer, 'POST', '/v1/transfers', {
      to: { phone: friend.phone },
      amount: { amount: '12.34', currency: 'CNY' },
      note: '午饭 lunch',
    });
    expect(sent.status, JSON.stringify(sent.json)).toBe(201);

    const context = await newContext(e.browser, PHONE, MODES[0], customer.deviceId);
    const page = await context.newPage();
    try {
      await signInInBrowser(page, e.url, customer.phone);
      await page.goto(`${e.url}/history`);
      const list = page.getByRole('list', { name: H.list });
      const rows = list.getByRole('link');
      await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(3); // the transfer, the top-up, the declined top-up's hold
      await list.getByText('Li Lei').waitFor();
      await list.getByText('-¥12.34').waitFor();
      await list.getByText('+¥50.00').waitFor();
      // The declined top-up shows as reversed, in words.
      await list.getByText(H.status.cancelled).waitFor();

      // Search: only the transfer; the filter is in the URL.
      await page.getByLabel(H.search, { exact: true }).fill('lunch');
      await page.getByRole('button', { name: H.searchButton, exact: true }).click();
      await page.waitForURL(/q=lunch/);
      await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
      // Money in only: nothing matches "lunch" then.
      await page.getByRole('button', { name: H.direction.in, exact: true }).click();
      await page.waitForURL(/direction=in/);
      await page.getByText(H.emptyFiltered).waitFor();
      // Back: the search alone again.
      await page.goBack();
      await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
      await page.goBack();
      await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(3);
      // Kind filter (top-ups): the completed one and the reversed one.
      await page.getByText(H.moreFilters).click();
      await page.getByLabel(H.kindLabel, { exact: true }).selectOption('topup');
      await page.getByRole('button', { name: H.apply, exact: true }).click();
      await page.waitForURL(/kind=topup/);
      await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
      // Amount range in the filter: only ¥50.
      await page.getByLabel(H.min, { exact: true }).fill('30');
      await page.getByRole('button', { name: H.apply, exact: true }).click();
      await page.waitForURL(/min=/);
      await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);

      // The month chart: ¥12.34 spent (the declined top-up moved nothing), ¥50 in.
      const chart = page.getByRole('region', { name: /支出$/ });
      await chart.getByText('¥12.34').first().waitFor();
      await chart.getByText('¥50.00').first().waitFor();
      await chart.getByRole('img').waitFor();
      const table = chart.getByRole('table');
      expect(await table.getByRole('row').count()).toBe(2); // header + the one day with spending
      await chart.getByRole('button', { name: H.chart.prev }).click();
      await page.waitForURL(/month=/);
      await chart.getByText(H.chart.nothing).waitFor();
      await chart.getByRole('button', { name: H.chart.next }).click();
      await chart.getByText('¥12.34').first().waitFor();

      // The detail of the transfer.
      await page.goto(`${e.url}/history?q=lunch`);
      await rows.first().click();
      await page.waitForURL(`**/history/${sent.json.id}`);
      await page.getByRole('heading', { name: H.detail.title }).waitFor();
      await page.getByText('午饭 lunch').waitFor();
      await page.getByText(sent.json.id).waitFor();
      await page.getByText('-¥12.34').waitFor();
    } finally {
      await context.close();
    }
  }, 120_000);

  it('a notification appears in the inbox and can be marked read', async () => {
    const context = await newContext(e.browser, PHONE, MODES[0], customer.deviceId);
    const page = await context.newPage();
    try {
      await signInInBrowser(page, e.url, customer.phone);
      await page.goto(`${e.url}/notifications`);
      const list = page.getByRole('list', { name: N.list });
      const success = list.getByRole('button', { name: new RegExp(N.kinds.topup_succeeded) });
      await success.waitFor({ timeout: 15_000 });
      await expect.poll(() => success.textContent(), { timeout: 10_000 }).toContain(N.unread);
      await success.click();
      await list.getByText('¥50.00 ← ').waitFor();
      await expect.poll(() => success.textContent(), { timeout: 10_000 }).toContain(N.read);
      const inbox = await apiCall(customer, 'GET', '/v1/notifications');
      const item = inbox.json.items.find((n: { kind: string }) => n.kind === 'topup_succeeded');
      expect(item.readAt).not.toBeNull();
    } finally {
      await context.close();
    }
  }, 60_000);

  it('every screen in zh-CN, English and elder mode, phone and desktop: axe-core and screenshots', async () => {
    // A customer of their own for the screenshots (one card, one top-up per mode, a transfer).
    const bound = await apiCall(viewer, 'POST', '/v1/cards', {
      pan: APPROVE,
      expiry: '12/39',
      holderName: '王阿姨',
    });
    expect(bound.status, JSON.stringify(bound.json)).toBeLessThan(300);
    const first = await apiCall(viewer, 'POST', '/v1/topups', {
      cardId: bound.json.id,
      amount: { amount: '200.00', currency: 'CNY' },
    });
    expect(first.status).toBe(202);
    for (let i = 0; i < 100; i++) {
      const g = await apiCall(viewer, 'GET', `/v1/topups/${first.json.id}`);
      if (g.json.status !== 'pending') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const sent = await apiCall(viewer, 'POST', '/v1/transfers', {
      to: { phone: friend.phone },
      amount: { amount: '36.80', currency: 'CNY' },
      note: '买菜 groceries',
    });
    expect(sent.status).toBe(201);
    const failures = await screensInEveryMode(e, viewer, async (page, check) => {
      await page.goto(`${e.url}/cards`);
      await page.locator('.cards-item').first().waitFor();
      await check('cards');
      await page.goto(`${e.url}/cards/new`);
      await page.getByRole('button', { name: /^(绑定|Link card)$/ }).click(); // the field errors show
      await page.locator('.yb-field-error').first().waitFor();
      await check('bind-card');
      await page.goto(`${e.url}/topup`);
      await page.locator('.cards-choice input').first().check();
      await page.locator('input[inputmode="decimal"]').fill('1');
      await check('topup-form');
      await page.getByRole('button', { name: /^(下一步|Next)$/ }).click();
      await page.getByRole('button', { name: /^(确认充值|Confirm top-up)$/ }).click();
      await page.locator('.cards-result[data-status="succeeded"]').waitFor({ timeout: 15_000 });
      await page.locator('.cards-result .yb-money').waitFor();
      await check('topup-result');
      await page.goto(`${e.url}/history`);
      await page.locator('.history-row').first().waitFor();
      await page.locator('.history-chart svg').waitFor();
      await check('history');
      await page.goto(`${e.url}/history?direction=out&kind=p2p`);
      await page.locator('.history-row').first().waitFor();
      await page.locator('.history-chart svg').waitFor();
      await check('history-filtered');
      await page.goto(`${e.url}/history/${sent.json.id}`);
      await page.locator('.history-ref').waitFor();
      await check('transaction-detail');
      await page.goto(`${e.url}/notifications`);
      await page.locator('.notifications-toggle').first().waitFor();
      await check('notifications');
    });
    expect(failures).toEqual([]);
  }, 600_000);
});
