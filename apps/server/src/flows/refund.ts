import { type LedgerEngine, lookupTransfers, uuidFromName } from '@yinbao/ledger';
import { formatMoney, parseAmount, toDecimalString } from '@yinbao/money';
import type pg from 'pg';
import {
  type OrdersService,
  orderStatus,
  REFUND_TOPIC,
  type RefundError,
  refundById,
  refundRecordedEffect,
  refundView,
  type TCreateRefund,
  type TRefund,
} from '../modules/orders/index.ts';
import { eventIdFrom, merchantEventEffect } from '../modules/webhooks/index.ts';
import { outboxEffect } from '../platform/effects.ts';
import { err, ok, type Result } from '../platform/errors.ts';
import { TransferCode } from '../platform/system-accounts.ts';

export type RefundDeps = {
  pool: pg.Pool;
  engine: LedgerEngine;
  orders: OrdersService;
  clock?: () => Date;
};

/** The ledger counter of what an order has given back: its maximum is the amount paid. */
export const refundLimitKey = (orderId: string) => `refund:order:${orderId}`;

const ENGINE_TO_API: Record<string, RefundError> = {
  EXCEEDS_CREDITS: 'MERCHANT_INSUFFICIENT_FUNDS',
  CREDIT_ACCOUNT_CLOSED: 'PAYER_WALLET_CLOSED',
  EXCEEDS_MAX_CREDIT_BALANCE: 'PAYER_WALLET_FULL',
  LIMIT_EXCEEDED: 'REFUND_EXCEEDS_PAID',
  ID_ALREADY_USED_WITH_DIFFERENT_FIELDS: 'REFUND_REFERENCE_REUSED',
};

/**
 * Refunds of a paid order (issue 5, part 6), partial or full: each is one ledger transfer from the
 * merchant's account back to the wallet that paid. The total can never exceed what was paid, under
 * any concurrency: a ledger limit counter (`refund:order:<id>`, max = the amount paid) is checked
 * and counted in the posting transaction, and the merchant's account never goes below zero (the
 * ledger refuses: MERCHANT_INSUFFICIENT_FUNDS). The transfer id is derived from the order and the
 * merchant's refund reference: the same request again gets the same refund, a different one under
 * that reference REFUND_REFERENCE_REUSED. A frozen payer wallet still receives its refund; a wallet
 * the refund would take over its tier's balance cap does not (PAYER_WALLET_FULL: nothing moves, the
 * same reference may be refunded later).
 */
export function createRefundFlow(deps: RefundDeps) {
  const clock = deps.clock ?? (() => new Date());

  async function refund(
    merchantId: string,
    orderId: string,
    input: TCreateRefund,
    actor: string,
  ): Promise<Result<TRefund, RefundError>> {
    const order = await deps.orders.ownOrder(merchantId, orderId);
    if (!order) return err('ORDER_NOT_FOUND');
    if (input.amount.currency !== 'CNY') return err('UNSUPPORTED_CURRENCY');
    const parsed = parseAmount(input.amount.amount, 'CNY');
    if (!parsed.ok || parsed.value <= 0n)
      return err('INVALID_AMOUNT', parsed.ok ? undefined : parsed.message);
    const amount = parsed.value;
    const reason = input.reason ?? null;
    const id = uuidFromName(`refund:${orderId}:${input.reference}`);

    // Already made under this reference: the same refund for the same request, else a conflict.
    const prior = await refundById(deps.pool, id);
    if (prior)
      return prior.amount === amount && prior.reason === reason
        ? ok(refundView(prior))
        : err('REFUND_REFERENCE_REUSED', undefined, { reference: input.reference });
    if (orderStatus(order, clock()) !== 'paid' || !order.paymentTransferId || !order.payerCustomerId)
      return err('ORDER_NOT_PAID');
    // A friendly early answer; the ledger counter below is what holds under concurrency.
    if (amount > order.amount - order.refunded)
      return err('REFUND_EXCEEDS_PAID', undefined, {
        refundable: toDecimalString(order.amount - order.refunded, 'CNY'),
      });
    const [payment] = await lookupTransfers(deps.pool, [order.paymentTransferId]);
    if (!payment) throw new Error(`order ${orderId} is paid by a missing transfer`);
    const paid = payment.userData as {
      from: { walletId: string; name: string };
      to: { merchantId: string; name: string };
    };
    const merchantName = paid.to.name;
    const value = toDecimalString(amount, 'CNY');
    const shown = formatMoney(amount, 'CNY', 'zh-CN');

    const [result] = await deps.engine.submit([
      {
        id,
        // Back along the payment: from the merchant's account to the paying wallet.
        debitAccountId: payment.creditAccountId,
        creditAccountId: payment.debitAccountId,
        amount,
        ledger: 156,
        code: TransferCode.refund,
        userData: {
          kind: 'refund',
          from: { merchantId, name: merchantName },
          to: { walletId: paid.from.walletId, name: paid.from.name },
          counterpartyName: merchantName,
          orderId,
          paymentId: payment.id,
          reference: input.reference,
          reason,
        },
        limits: [{ key: refundLimitKey(orderId), amount, max: order.amount }],
        effects: [
          refundRecordedEffect({
            id,
            orderId,
            merchantId,
            reference: input.reference,
            amount,
            reason,
            actor,
          }),
          merchantEventEffect(
            merchantId,
            'refund.succeeded',
            {
              refundId: id,
              orderId,
              orderReference: order.reference,
              reference: input.reference,
              amount: value,
              currency: 'CNY',
              reason,
              paymentId: payment.id,
            },
            eventIdFrom(`refund.succeeded:${id}`),
          ),
          outboxEffect({
            id: uuidFromName(`evt:refund:${id}`),
            topic: REFUND_TOPIC,
            customerId: order.payerCustomerId,
            payload: {
              transferId: id,
              orderId,
              merchantId,
              amount: value,
              currency: 'CNY',
              notification: {
                customerId: order.payerCustomerId,
                kind: 'refund_received',
                title: '退款到账 Refund received',
                body: `${merchantName}: ${shown}`,
                data: { transferId: id, orderId },
              },
            },
          }),
        ],
      },
    ]);
    if (!result!.ok) {
      const mapped = ENGINE_TO_API[result!.code];
      if (!mapped) throw new Error(`unexpected ledger result ${result!.code}`);
      return err(mapped);
    }
    const row = await refundById(deps.pool, id);
    if (!row) throw new Error(`refund ${id} posted without its row`);
    return ok(refundView(row));
  }

  return { refund };
}

export type RefundFlow = ReturnType<typeof createRefundFlow>;
