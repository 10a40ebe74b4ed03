import type { Effect, EffectHandler } from '../../platform/effects.ts';
import { markPaid, type RefundRow, recordRefunds } from './orders.repository.ts';

/** Attached to an order's payment: the commit hook marks the order paid in the posting transaction. */
export const orderPaidEffect = (p: {
  orderId: string;
  transferId: string;
  payerCustomerId: string;
  paidAt: string;
}): Effect => ({ type: 'order_paid', ...p });

/** Attached to a refund: the commit hook writes the refund and the order's refunded total with the money. */
export const refundRecordedEffect = (r: Omit<RefundRow, 'createdAt'>): Effect => ({
  type: 'order_refunded',
  ...r,
  amount: r.amount.toString(),
});

export const orderEffectHandlers: Record<string, EffectHandler> = {
  order_paid: (tx, effects) =>
    markPaid(
      tx,
      effects.map((e) => {
        const p = e as unknown as {
          orderId: string;
          transferId: string;
          payerCustomerId: string;
          paidAt: string;
        };
        return {
          orderId: p.orderId,
          transferId: p.transferId,
          payerCustomerId: p.payerCustomerId,
          paidAt: p.paidAt,
        };
      }),
    ),
  order_refunded: (tx, effects) =>
    recordRefunds(
      tx,
      effects.map((e) => {
        const r = e as unknown as Omit<RefundRow, 'createdAt' | 'amount'> & { amount: string };
        return {
          id: r.id,
          orderId: r.orderId,
          merchantId: r.merchantId,
          reference: r.reference,
          amount: BigInt(r.amount),
          reason: r.reason,
          actor: r.actor,
        };
      }),
    ),
};

export const ORDER_PAYMENT_TOPIC = 'merchant.order_paid';
export const ORDER_RECEIVED_TOPIC = 'merchant.order_received';
export const REFUND_TOPIC = 'merchant.refund_received';
/** Outbox topics of orders and refunds (each carries a notification). */
export const ORDER_TOPICS = [ORDER_PAYMENT_TOPIC, ORDER_RECEIVED_TOPIC, REFUND_TOPIC] as const;
