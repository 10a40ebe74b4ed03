import { type LedgerEngine, lookupTransfers, type Transfer, uuidFromName, uuidv7 } from '@yinbao/ledger';
import { formatMoney, toDecimalString } from '@yinbao/money';
import type pg from 'pg';
import type { IdentityService } from '../modules/identity/index.ts';
import {
  ORDER_PAYMENT_TOPIC,
  ORDER_RECEIVED_TOPIC,
  type OrderPaymentError,
  orderById,
  orderPaidEffect,
  orderStatus,
  type TCheckoutPay,
  type TOrderPayment,
} from '../modules/orders/index.ts';
import { payeeMerchant } from '../modules/qr-payments/index.ts';
import type { RiskService } from '../modules/risk/index.ts';
import type { SecurityService } from '../modules/security/index.ts';
import type { WalletsService } from '../modules/wallets/index.ts';
import { eventIdFrom, merchantEventEffect } from '../modules/webhooks/index.ts';
import { outboxEffect } from '../platform/effects.ts';
import { err, ok, type Result } from '../platform/errors.ts';
import { TransferCode } from '../platform/system-accounts.ts';
import { checkOutgoing, MERCHANT_PAYMENT_LEDGER_REFUSALS, type PaymentSession } from './outgoing-checks.ts';

export type OrderPaymentDeps = {
  pool: pg.Pool;
  engine: LedgerEngine;
  wallets: WalletsService;
  identity: IdentityService;
  risk: RiskService;
  security: SecurityService;
  clock?: () => Date;
};

/** The id of an order's one payment: the ledger accepts a single transfer with it, ever. */
export const orderPaymentId = (orderId: string) => uuidFromName(`order:${orderId}`);

/**
 * Online checkout (issue 5, part 6): a signed-in customer pays a merchant's order from the hosted
 * page or the app. The payment passes the outgoing checks of every payment (`checkOutgoing`: tier
 * limits, step-up bound to amount and merchant, risk) and is one ledger transfer from the wallet to
 * the merchant's account whose id is derived from the order's id, so the order is paid once however
 * many customers try; the commit hook marks it paid and writes the `order.paid` webhook event in that
 * same transaction.
 */
export function createOrderPaymentFlow(deps: OrderPaymentDeps) {
  const clock = deps.clock ?? (() => new Date());

  async function pay(
    customerId: string,
    orderId: string,
    input: TCheckoutPay,
    idempotencyKey: string | undefined,
    session: PaymentSession,
  ): Promise<Result<TOrderPayment, OrderPaymentError>> {
    // The request's own id tells a retry (same key: the same answer) from a second payer of one order.
    const requestId = idempotencyKey ? uuidFromName(`order-pay:${customerId}:${idempotencyKey}`) : uuidv7();
    const id = orderPaymentId(orderId);
    const order = await orderById(deps.pool, orderId);
    if (!order) return err('ORDER_NOT_FOUND');
    const status = orderStatus(order, clock());
    if (status === 'paid') return retried(id, requestId);
    if (status === 'expired') return err('ORDER_EXPIRED');
    if (status === 'cancelled') return err('ORDER_CANCELLED');
    const merchant = await payeeMerchant(deps.pool, order.merchantId);
    if (merchant?.status !== 'active' || !merchant.accountId) return err('MERCHANT_NOT_ACTIVE');

    const wallet = await deps.wallets.walletOfCustomer(customerId);
    if (!wallet) return err('WALLET_NOT_FOUND');
    if (wallet.status !== 'active') return err('WALLET_FROZEN');
    const source = await deps.wallets.accountOf(wallet.id, 'CNY');
    if (!source) return err('WALLET_NOT_FOUND');

    const checked = await checkOutgoing(deps, {
      customerId,
      kind: 'order',
      walletId: wallet.id,
      walletTier: wallet.tier,
      sourceAccountId: source,
      amount: order.amount,
      payee: merchant.id,
      // Bound to this order: a confirmation of another order (same merchant, same amount) is not it.
      boundPayee: `${merchant.id}/order:${orderId}`,
      payeeLabel: merchant.businessName,
      operationId: id,
      stepUp: input.stepUp,
      newDevice: session.newDevice,
      smsSignIn: session.smsSignIn,
    });
    if (!checked.ok) return checked;
    const { limits, hold, riskReasons } = checked.value;
    // The shop's page is waiting: what risk would hold is declined at once.
    if (hold) return err('PAYMENT_DENIED', undefined, { reasons: riskReasons });

    const customerName = (await deps.identity.displayNames([customerId])).get(customerId) ?? '';
    const amount = toDecimalString(order.amount, 'CNY');
    const shown = formatMoney(order.amount, 'CNY', 'zh-CN');
    const paidAt = clock().toISOString();
    const event = { transferId: id, orderId, merchantId: merchant.id, amount, currency: 'CNY' };
    const [result] = await deps.engine.submit([
      {
        id,
        debitAccountId: source,
        creditAccountId: merchant.accountId,
        amount: order.amount,
        ledger: 156,
        code: TransferCode.orderPayment,
        userData: {
          kind: 'order',
          from: { walletId: wallet.id, name: customerName },
          to: { merchantId: merchant.id, name: merchant.businessName },
          counterpartyName: merchant.businessName,
          orderId,
          reference: order.reference,
          request: requestId,
        },
        limits,
        effects: [
          orderPaidEffect({ orderId, transferId: id, payerCustomerId: customerId, paidAt }),
          merchantEventEffect(
            merchant.id,
            'order.paid',
            { orderId, reference: order.reference, amount, currency: 'CNY', paymentId: id, paidAt },
            eventIdFrom(`order.paid:${orderId}`),
          ),
          outboxEffect({
            id: uuidFromName(`evt:order-paid:${id}`),
            topic: ORDER_PAYMENT_TOPIC,
            customerId,
            payload: {
              ...event,
              notification: {
                customerId,
                kind: 'order_payment_sent',
                title: '付款成功 Payment sent',
                body: `${shown} → ${merchant.businessName}`,
                data: { transferId: id, orderId },
              },
            },
          }),
          ...merchant.owners.map((owner) =>
            outboxEffect({
              id: uuidFromName(`evt:order-received:${id}:${owner}`),
              topic: ORDER_RECEIVED_TOPIC,
              customerId: owner,
              payload: {
                ...event,
                notification: {
                  customerId: owner,
                  kind: 'merchant_payment_received',
                  title: '收款到账 Payment received',
                  body: `${merchant.businessName}: ${shown} (${order.reference})`,
                  data: { transferId: id, merchantId: merchant.id, orderId },
                },
              },
            }),
          ),
        ],
      },
    ]);
    if (!result!.ok) {
      if (result!.code === 'LIMIT_EXCEEDED')
        return err(
          (result!.detail ?? '').includes(':day:') ? 'DAILY_LIMIT_EXCEEDED' : 'ANNUAL_LIMIT_EXCEEDED',
        );
      // The id is taken: another request (or payer) paid the order first.
      if (result!.code === 'ID_ALREADY_USED_WITH_DIFFERENT_FIELDS') return err('ORDER_ALREADY_PAID');
      const mapped = MERCHANT_PAYMENT_LEDGER_REFUSALS[result!.code];
      if (!mapped) throw new Error(`unexpected ledger result ${result!.code}`);
      return err(mapped);
    }
    return ok(view(result!.transfer, order.returnUrl));
  }

  /** A paid order: the original answer to the request that paid it, ORDER_ALREADY_PAID to anyone else. */
  async function retried(id: string, requestId: string): Promise<Result<TOrderPayment, OrderPaymentError>> {
    const [t] = await lookupTransfers(deps.pool, [id]);
    if (t && (t.userData as { request?: string }).request === requestId) {
      const order = await orderById(deps.pool, (t.userData as { orderId: string }).orderId);
      return ok(view(t, order?.returnUrl ?? null));
    }
    return err('ORDER_ALREADY_PAID');
  }

  return { pay };
}

function view(t: Transfer, returnUrl: string | null): TOrderPayment {
  const ud = t.userData as { to: { merchantId: string; name: string }; orderId: string; reference: string };
  return {
    id: t.id,
    status: 'completed',
    orderId: ud.orderId,
    amount: { amount: toDecimalString(t.amount, 'CNY'), currency: 'CNY' },
    merchant: { id: ud.to.merchantId, name: ud.to.name },
    reference: ud.reference,
    returnUrl,
    createdAt: t.createdAt.toISOString(),
  };
}

export type OrderPaymentFlow = ReturnType<typeof createOrderPaymentFlow>;
