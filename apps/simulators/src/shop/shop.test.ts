import { signPayload } from '@yinbao/signature';
import { afterEach, describe, expect, it } from 'vitest';
import { createShopSimulator, type ShopSimulator } from './server.ts';
import { PRODUCTS } from './state.ts';

const SECRET = 'whsec_test_shop';

describe('demo shop: the webhook receiver', () => {
  let shop: ShopSimulator;
  afterEach(async () => {
    await shop?.close();
  });

  function withOrder() {
    shop = createShopSimulator({
      yinbaoUrl: 'http://127.0.0.1:9',
      apiKey: 'ybk_live_x',
      webhookSecrets: [SECRET],
      publicUrl: 'http://127.0.0.1:4040',
    });
    const reference = shop.state.nextReference();
    shop.state.orders.set(reference, {
      reference,
      product: PRODUCTS[0]!,
      amount: '18.00',
      currency: 'CNY',
      yinbaoOrderId: 'a5b0c2e4-0000-4000-8000-000000000001',
      checkoutUrl: 'http://localhost:3000/checkout/a5b0c2e4-0000-4000-8000-000000000001',
      status: 'waiting',
      createdAt: new Date(),
      paidAt: null,
      paidByEvent: null,
    });
    return reference;
  }
  const event = (reference: string, amount = '18.00', id = 'evt_1') =>
    JSON.stringify({
      id,
      type: 'order.paid',
      createdAt: new Date().toISOString(),
      data: {
        orderId: 'a5b0c2e4-0000-4000-8000-000000000001',
        reference,
        amount,
        currency: 'CNY',
        paymentId: 'p1',
        paidAt: new Date().toISOString(),
      },
    });
  const deliver = (body: string, signature?: string) =>
    shop.app.inject({
      method: 'POST',
      url: '/webhooks/yinbao',
      headers: { 'content-type': 'application/json', ...(signature ? { 'x-signature': signature } : {}) },
      payload: body,
    });

  it('rejects a missing, wrong-secret, tampered or stale signature with 400 and changes nothing', async () => {
    const ref = withOrder();
    const body = event(ref);
    const now = Math.floor(Date.now() / 1000);
    for (const sig of [
      undefined,
      'garbage',
      signPayload('whsec_someone_else', body),
      signPayload(SECRET, body.replace('18.00', '1.00')),
      signPayload(SECRET, body, now - 3600),
    ]) {
      const r = await deliver(body, sig);
      expect(r.statusCode, String(sig)).toBe(400);
      expect(r.json().code).toBe('BAD_SIGNATURE');
    }
    expect(shop.state.rejected).toBe(5);
    expect(shop.state.events).toEqual([]);
    expect(shop.state.orders.get(ref)!.status).toBe('waiting');
    const page = await shop.app.inject({ method: 'GET', url: `/orders/${ref}` });
    expect(page.body).toContain('waiting for payment');
  });

  it('marks the order paid on a verified order.paid, once however often it is delivered', async () => {
    const ref = withOrder();
    const body = event(ref);
    for (let i = 0; i < 3; i++) {
      const r = await deliver(body, signPayload(SECRET, body));
      expect(r.statusCode).toBe(200);
    }
    expect(shop.state.paidEvents()).toHaveLength(1);
    expect(shop.state.duplicates).toBe(2);
    const order = shop.state.orders.get(ref)!;
    expect(order.status).toBe('paid');
    expect(order.paidByEvent).toBe('evt_1');
    const page = await shop.app.inject({ method: 'GET', url: `/orders/${ref}` });
    expect(page.body).toContain('paid ✓ (confirmed by Yinbao webhook)');
    expect(page.body).not.toContain('http-equiv="refresh"');
  });

  it('does not mark paid an event for another amount (acknowledged, kept aside)', async () => {
    const ref = withOrder();
    const body = event(ref, '1.00', 'evt_2');
    expect((await deliver(body, signPayload(SECRET, body))).statusCode).toBe(200);
    expect(shop.state.orders.get(ref)!.status).toBe('waiting');
    expect(shop.state.mismatches.map((e) => e.id)).toEqual(['evt_2']);
  });

  it('serves the menu with "Pay with Yinbao" and refuses an unknown product', async () => {
    withOrder();
    const menu = await shop.app.inject({ method: 'GET', url: '/' });
    expect(menu.headers['content-type']).toContain('text/html');
    expect(menu.body).toContain('牛肉面');
    expect(menu.body).toContain('¥18.00');
    expect(menu.body).toContain('银包支付 Pay with Yinbao');
    const bad = await shop.app.inject({
      method: 'POST',
      url: '/buy',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'product=caviar',
    });
    expect(bad.statusCode).toBe(400);
  });
});
