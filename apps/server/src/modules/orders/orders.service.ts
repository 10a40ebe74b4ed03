import { randomUUID } from 'node:crypto';
import { parseAmount, toDecimalString } from '@yinbao/money';
import type pg from 'pg';
import { audit } from '../../platform/audit.ts';
import { err, ok, type Result } from '../../platform/errors.ts';
import { inTransaction } from '../../platform/sql.ts';
import { type MerchantsService, mccInfo } from '../merchants/index.ts';
import { payeeMerchant } from '../qr-payments/index.ts';
import { checkWebhookUrl } from '../webhooks/index.ts';
import type { OrderError } from './orders.errors.ts';
import * as repo from './orders.repository.ts';
import type { OrderStatus, TCheckout, TCreateOrder, TOrder, TOrderQuery, TRefund } from './orders.schema.ts';

export type OrdersDeps = {
  pool: pg.Pool;
  merchants: MerchantsService;
  /** The customer web app's base URL: the hosted page is `${publicWebUrl}/checkout/<id>`. */
  publicWebUrl: string;
  allowHttpLocalhost: boolean;
  clock?: () => Date;
};

/** An open order past its expiry reads as expired (no job rewrites it). */
export const orderStatus = (o: repo.OrderRow, now: Date): OrderStatus =>
  o.status === 'open' && o.expiresAt <= now ? 'expired' : o.status;

const cny = (minor: bigint) => ({ amount: toDecimalString(minor, 'CNY'), currency: 'CNY' });

export const refundView = (r: repo.RefundRow): TRefund => ({
  id: r.id,
  orderId: r.orderId,
  reference: r.reference,
  status: 'succeeded',
  amount: cny(r.amount),
  reason: r.reason,
  createdAt: r.createdAt.toISOString(),
});

/**
 * Online checkout orders (issue 5, part 6): a merchant creates them through its API (idempotent by
 * its own reference), reads, lists and cancels them; its owners and cashiers read them in the portal;
 * a signed-in customer with the link reads what the hosted page shows. Another merchant's order
 * answers exactly like a missing one (ORDER_NOT_FOUND).
 */
export function createOrdersService(deps: OrdersDeps) {
  const { pool } = deps;
  const clock = deps.clock ?? (() => new Date());

  function view(o: repo.OrderRow): TOrder {
    const status = orderStatus(o, clock());
    return {
      id: o.id,
      reference: o.reference,
      status,
      amount: cny(o.amount),
      refunded: cny(o.refunded),
      refundable: cny(status === 'paid' ? o.amount - o.refunded : 0n),
      description: o.description,
      returnUrl: o.returnUrl,
      checkoutUrl: `${deps.publicWebUrl}/checkout/${o.id}`,
      expiresAt: o.expiresAt.toISOString(),
      paidAt: o.paidAt?.toISOString() ?? null,
      createdAt: o.createdAt.toISOString(),
      paymentId: o.paymentTransferId,
    };
  }

  /** The merchant's order, or null for a missing one and another merchant's alike. */
  async function ownOrder(merchantId: string, orderId: string) {
    const o = await repo.orderById(pool, orderId);
    return o && o.merchantId === merchantId ? o : null;
  }

  async function list(merchantId: string, q: TOrderQuery) {
    const rows = await repo.ordersOf(pool, merchantId, { ...q, limit: q.limit + 1, now: clock() });
    const page = rows.slice(0, q.limit);
    return { items: page.map(view), nextCursor: rows.length > q.limit ? page[page.length - 1]!.id : null };
  }

  return {
    view,
    ownOrder,

    async create(
      merchantId: string,
      input: TCreateOrder,
    ): Promise<Result<{ order: TOrder; created: boolean }, OrderError>> {
      if (input.amount.currency !== 'CNY') return err('UNSUPPORTED_CURRENCY');
      const parsed = parseAmount(input.amount.amount, 'CNY');
      if (!parsed.ok || parsed.value <= 0n)
        return err('INVALID_AMOUNT', parsed.ok ? undefined : parsed.message);
      let returnUrl: string | null = null;
      if (input.returnUrl !== undefined) {
        const url = checkWebhookUrl(input.returnUrl, deps.allowHttpLocalhost);
        if (!url) return err('INVALID_RETURN_URL');
        returnUrl = input.returnUrl;
      }
      const wanted = {
        amount: parsed.value,
        description: input.description ?? null,
        returnUrl,
        expiresInSeconds: input.expiresInSeconds,
      };
      const same = (o: repo.OrderRow) =>
        o.amount === wanted.amount &&
        o.description === wanted.description &&
        o.returnUrl === wanted.returnUrl &&
        o.expiresInSeconds === wanted.expiresInSeconds;
      return inTransaction(pool, async (tx) => {
        const created = await repo.insertOrder(tx, {
          id: randomUUID(),
          merchantId,
          reference: input.reference,
          ...wanted,
          expiresAt: new Date(clock().getTime() + input.expiresInSeconds * 1000),
        });
        if (created) {
          await audit(tx, {
            actor: `merchant:${merchantId}`,
            event: 'merchant.order_created',
            subject: merchantId,
            data: { orderId: created.id, reference: created.reference },
          });
          return ok({ order: view(created), created: true });
        }
        const existing = await repo.orderByReference(tx, merchantId, input.reference);
        if (!existing || !same(existing))
          return err('ORDER_REFERENCE_REUSED', undefined, { reference: input.reference });
        return ok({ order: view(existing), created: false });
      });
    },

    async get(merchantId: string, orderId: string): Promise<Result<TOrder, OrderError>> {
      const o = await ownOrder(merchantId, orderId);
      return o ? ok(view(o)) : err('ORDER_NOT_FOUND');
    },

    list,

    async cancel(merchantId: string, orderId: string): Promise<Result<TOrder, OrderError>> {
      const o = await ownOrder(merchantId, orderId);
      if (!o) return err('ORDER_NOT_FOUND');
      const cancelled = await repo.cancelOrder(pool, merchantId, orderId, clock());
      if (!cancelled) return err('ORDER_NOT_CANCELLABLE', undefined, { status: orderStatus(o, clock()) });
      return ok(view(cancelled));
    },

    async refunds(merchantId: string, orderId: string): Promise<Result<TRefund[], OrderError>> {
      const o = await ownOrder(merchantId, orderId);
      if (!o) return err('ORDER_NOT_FOUND');
      return ok((await repo.refundsOf(pool, orderId)).map(refundView));
    },

    /** The portal: owners and cashiers of the merchant (anyone else: MERCHANT_NOT_FOUND). */
    async asMember(customerId: string, merchantId: string): Promise<Result<string, OrderError>> {
      const a = await deps.merchants.access(customerId, merchantId);
      return a ? ok(merchantId) : err('MERCHANT_NOT_FOUND');
    },

    /** What the hosted page shows a signed-in customer holding the link. */
    async checkout(orderId: string): Promise<Result<TCheckout, OrderError>> {
      const o = await repo.orderById(pool, orderId);
      if (!o) return err('ORDER_NOT_FOUND');
      const m = await payeeMerchant(pool, o.merchantId);
      if (!m) return err('ORDER_NOT_FOUND');
      return ok({
        orderId: o.id,
        merchant: {
          id: m.id,
          name: m.businessName,
          category: mccInfo(m.mcc as Parameters<typeof mccInfo>[0]),
        },
        amount: cny(o.amount),
        description: o.description,
        status: orderStatus(o, clock()),
        expiresAt: o.expiresAt.toISOString(),
        returnUrl: o.returnUrl,
      });
    },
  };
}

export type OrdersService = ReturnType<typeof createOrdersService>;
