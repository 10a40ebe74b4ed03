import { client, type Money, unwrap } from '../api.ts';

/** The portal's takings: sales per day, incoming payments, online orders and refunds, settlements. */
export type SalesDay = { date: string; count: number; gross: Money; refunds: Money };
export type Sales = {
  currency: string;
  from: string;
  to: string;
  days: SalesDay[];
  totals: { count: number; gross: Money; refunds: Money; net: Money };
};
export type PaymentMethod = 'qr' | 'pay_code' | 'nfc' | 'order';
export type Payment = {
  id: string;
  method: PaymentMethod;
  amount: Money;
  reference: string | null;
  orderId: string | null;
  payerMasked: string;
  createdAt: string;
};
export const ORDER_STATUSES = ['open', 'paid', 'expired', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type Order = {
  id: string;
  reference: string;
  status: OrderStatus;
  amount: Money;
  refunded: Money;
  refundable: Money;
  description: string | null;
  createdAt: string;
  paidAt: string | null;
  expiresAt: string;
};
export type Refund = {
  id: string;
  orderId: string;
  reference: string;
  amount: Money;
  reason: string | null;
  createdAt: string;
};
export type Settlement = {
  id: string;
  businessDate: string;
  status: 'paid' | 'nothing_to_settle';
  gross: Money;
  refunds: Money;
  mdrBps: number;
  fee: Money;
  net: Money;
  bankAccount: { bankName: string; masked: string };
};
export type Page<T> = { items: T[]; nextCursor: string | null };

const m = (merchantId: string) => ({ path: { merchantId } });
const o = (merchantId: string, orderId: string) => ({ path: { merchantId, orderId } });

export const salesApi = {
  sales: (merchantId: string, from?: string, to?: string): Promise<Sales> =>
    unwrap(
      client.GET('/v1/merchants/{merchantId}/sales', { params: { ...m(merchantId), query: { from, to } } }),
    ) as Promise<Sales>,
  payments: (merchantId: string, cursor?: string): Promise<Page<Payment>> =>
    unwrap(
      client.GET('/v1/merchants/{merchantId}/payments', {
        params: { ...m(merchantId), query: { cursor, limit: 20 } },
      }),
    ) as Promise<Page<Payment>>,
  orders: (merchantId: string, status?: OrderStatus, cursor?: string): Promise<Page<Order>> =>
    unwrap(
      client.GET('/v1/merchants/{merchantId}/orders', {
        params: { ...m(merchantId), query: { status, cursor, limit: 20 } },
      }),
    ) as Promise<Page<Order>>,
  order: (merchantId: string, orderId: string): Promise<Order> =>
    unwrap(
      client.GET('/v1/merchants/{merchantId}/orders/{orderId}', { params: o(merchantId, orderId) }),
    ) as Promise<Order>,
  refunds: async (merchantId: string, orderId: string): Promise<Refund[]> =>
    (
      await unwrap(
        client.GET('/v1/merchants/{merchantId}/orders/{orderId}/refunds', { params: o(merchantId, orderId) }),
      )
    ).items as Refund[],
  refund: (
    merchantId: string,
    orderId: string,
    body: { amount: Money; reference: string; reason?: string },
  ) =>
    unwrap(
      client.POST('/v1/merchants/{merchantId}/orders/{orderId}/refunds', {
        params: o(merchantId, orderId),
        body,
      }),
    ) as Promise<Refund>,
  settlements: (merchantId: string, before?: string): Promise<Page<Settlement>> =>
    unwrap(
      client.GET('/v1/merchants/{merchantId}/settlements', {
        params: { ...m(merchantId), query: { before, limit: 30 } },
      }),
    ) as Promise<Page<Settlement>>,
};
