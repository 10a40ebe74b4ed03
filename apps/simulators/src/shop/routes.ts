import { verifySignature } from '@yinbao/signature';
import type { FastifyPluginAsync } from 'fastify';
import { menuPage, messagePage, orderPage } from './pages.ts';
import { PRODUCTS, type ShopState } from './state.ts';
import { createYinbaoOrder, YinbaoError } from './yinbao.ts';

/** What the shop is configured with; mutable, so a demo or test can register the webhook after start. */
export type ShopConfig = {
  /** Yinbao's API base URL. */
  yinbaoUrl: string;
  /** The merchant API key (`orders:write`). */
  apiKey: string;
  /** The webhook endpoint's signing secrets (`whsec_…`; the current first, the old one in a rotation). */
  webhookSecrets: string[];
  /** The shop's own address as the customer's browser reaches it (for `returnUrl`). */
  publicUrl: string;
  /** How long the customer has to pay (default 900 s). */
  expiresInSeconds?: number;
};

const html = 'text/html; charset=utf-8';

/** The shop's pages: the menu, buying (order at Yinbao → 303 to its checkout), an order's status. */
export const shopPageRoutes: FastifyPluginAsync<{ state: ShopState; config: ShopConfig }> = async (
  app,
  { state, config },
) => {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  app.get('/', async (_req, reply) => reply.type(html).send(menuPage(PRODUCTS)));

  app.post('/buy', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const product = PRODUCTS.find((p) => p.id === body.product);
    if (!product) return reply.code(400).type(html).send(messagePage('没有这个商品', 'No such product.'));
    const reference = state.nextReference();
    try {
      const created = await createYinbaoOrder(
        { url: config.yinbaoUrl, apiKey: config.apiKey },
        {
          amount: { amount: product.price, currency: 'CNY' },
          reference,
          description: product.name,
          returnUrl: `${config.publicUrl}/orders/${reference}`,
          ...(config.expiresInSeconds ? { expiresInSeconds: config.expiresInSeconds } : {}),
        },
      );
      state.orders.set(reference, {
        reference,
        product,
        amount: product.price,
        currency: 'CNY',
        yinbaoOrderId: created.id,
        checkoutUrl: created.checkoutUrl,
        status: 'waiting',
        createdAt: new Date(),
        paidAt: null,
        paidByEvent: null,
      });
      return reply.redirect(created.checkoutUrl, 303);
    } catch (e) {
      const why = e instanceof YinbaoError ? `${e.code}: ${e.message}` : String(e);
      req.log.warn({ reference, why }, 'shop: creating the Yinbao order failed');
      return reply
        .code(502)
        .type(html)
        .send(messagePage('暂时不能下单', `The order could not be created at Yinbao (${why}).`));
    }
  });

  app.get<{ Params: { reference: string } }>('/orders/:reference', async (req, reply) => {
    const order = state.orders.get(req.params.reference);
    if (!order) return reply.code(404).type(html).send(messagePage('没有这个订单', 'No such order.'));
    return reply.type(html).send(orderPage(order));
  });
};

/**
 * `POST /webhooks/yinbao`: verifies `x-signature` over the raw bytes before reading them (400 when it
 * does not verify), acknowledges an event seen before without doing it twice (deduplicated by event
 * id), and marks the order paid on `order.paid` when the reference and the amount are this shop's.
 */
export const shopWebhookRoutes: FastifyPluginAsync<{ state: ShopState; config: ShopConfig }> = async (
  app,
  { state, config },
) => {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: 1_000_000 },
    (_r, body, done) => done(null, body),
  );

  app.post('/webhooks/yinbao', async (req, reply) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const header = req.headers['x-signature'];
    if (
      config.webhookSecrets.length === 0 ||
      !verifySignature(config.webhookSecrets, typeof header === 'string' ? header : undefined, raw)
    ) {
      state.rejected += 1;
      return reply.code(400).send({ code: 'BAD_SIGNATURE', message: 'the signature does not verify' });
    }
    let event: { id?: unknown; type?: unknown; data?: unknown };
    try {
      event = JSON.parse(raw.toString('utf8'));
    } catch {
      return reply.code(400).send({ code: 'INVALID_JSON', message: 'the body is not JSON' });
    }
    if (typeof event.id !== 'string' || typeof event.type !== 'string') {
      return reply.code(400).send({ code: 'BAD_EVENT', message: 'no event id or type' });
    }
    if (state.events.some((e) => e.id === event.id)) {
      state.duplicates += 1;
      return { status: 'duplicate' };
    }
    const received = {
      id: event.id,
      type: event.type,
      data: (event.data ?? {}) as Record<string, unknown>,
      receivedAt: new Date(),
    };
    state.events.push(received);
    if (received.type === 'order.paid') {
      const order = state.orders.get(String(received.data.reference));
      if (
        order &&
        received.data.amount === order.amount &&
        received.data.currency === order.currency &&
        received.data.orderId === order.yinbaoOrderId
      ) {
        if (order.status !== 'paid') {
          order.status = 'paid';
          order.paidAt = new Date();
          order.paidByEvent = received.id;
        }
      } else {
        state.mismatches.push(received);
      }
    }
    return { status: 'ok' };
  });
};
