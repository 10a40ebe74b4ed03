import { type LedgerEngine, lookupTransfers, type Transfer, uuidFromName, uuidv7 } from '@yinbao/ledger';
import { formatMoney, parseAmount, toDecimalString } from '@yinbao/money';
import type pg from 'pg';
import type { IdentityService } from '../modules/identity/index.ts';
import { mccInfo } from '../modules/merchants/index.ts';
import {
  effectiveStatus,
  type PayeeMerchant,
  payeeMerchants,
  QR_MERCHANT_CITY,
  type QrCodeRow,
  type QrPaymentError,
  qrCodesByIds,
  qrNames,
  qrPaidEffect,
  readQrPayload,
  type TQrPay,
  type TQrPayment,
  type TQrResolved,
} from '../modules/qr-payments/index.ts';
import type { RiskService } from '../modules/risk/index.ts';
import type { SecurityService } from '../modules/security/index.ts';
import { limitKeys, type WalletsService } from '../modules/wallets/index.ts';
import { eventIdFrom, merchantEventEffect } from '../modules/webhooks/index.ts';
import { createBatchLoader } from '../platform/db/batch-loader.ts';
import { outboxEffect } from '../platform/effects.ts';
import { err, type Failure, ok, type Result } from '../platform/errors.ts';
import { idempotencyRecordEffect, type LedgerIdempotency } from '../platform/http/idempotency-ledger.ts';
import { TransferCode } from '../platform/system-accounts.ts';
import { checkOutgoing, MERCHANT_PAYMENT_LEDGER_REFUSALS, type PaymentSession } from './outgoing-checks.ts';

export type QrPaymentDeps = {
  pool: pg.Pool;
  engine: LedgerEngine;
  wallets: WalletsService;
  identity: IdentityService;
  risk: RiskService;
  security: SecurityService;
  /** Per customer and day: what static (typed-amount) codes may take in total. */
  staticQrDailyCap: bigint;
  clock?: () => Date;
};

/** The counter of what static codes took from a wallet on a day (Asia/Shanghai), beside the tier's. */
export const staticQrLimitKey = (walletId: string, at: Date) =>
  `qr-static:${limitKeys(walletId, at).day.split(':day:')[1]}:${walletId}`;

type Resolved = {
  code: QrCodeRow;
  merchant: PayeeMerchant & { accountId: string };
};

/**
 * Merchant-presented QR (issue 5, part 3): a customer scans a merchant's code, sees who and how much
 * (`resolve`), and pays it (`pay`). The payment passes the same outgoing checks as a transfer
 * (`checkOutgoing`: tier limits, step-up bound to amount and merchant, risk) and is one ledger
 * transfer from the customer's wallet to the merchant's settlement account. Static codes add a daily
 * cap per customer, enforced by a ledger limit counter in the posting transaction. A dynamic code's
 * transfer id is derived from the code's id: the ledger accepts one payment of it, ever, and the
 * commit hook marks the code paid in that same transaction.
 */
export function createQrPaymentFlow(deps: QrPaymentDeps) {
  const clock = deps.clock ?? (() => new Date());
  // Every payment reads its code and its merchant: concurrent payments share one query each.
  const codeWithId = createBatchLoader({
    id: (id: string) => id.toLowerCase(),
    load: (ids: string[]) => qrCodesByIds(deps.pool, ids),
  });
  const merchantWithId = createBatchLoader({
    id: (id: string) => id.toLowerCase(),
    load: (ids: string[]) => payeeMerchants(deps.pool, ids),
  });

  async function lookup(payload: string): Promise<Result<Resolved, QrPaymentError>> {
    const scanned = readQrPayload(payload);
    if (!scanned.ok) return err(scanned.code, undefined, { reason: scanned.reason });
    const code = await codeWithId(scanned.codeId);
    // The payload must say what the stored code says (a re-signed copy with another amount is not ours).
    const amount = code?.amount != null ? toDecimalString(code.amount, 'CNY') : undefined;
    if (
      !code ||
      code.merchantId !== scanned.merchantId ||
      scanned.currency !== '156' ||
      (code.kind === 'dynamic') !== scanned.dynamic ||
      amount !== scanned.amount
    )
      return err('QR_INVALID', undefined, { reason: 'unknown_code' });
    const status = effectiveStatus(code, clock());
    if (status === 'paid') return err('QR_ALREADY_PAID', undefined, { qrCodeId: code.id });
    if (status === 'expired') return err('QR_EXPIRED');
    if (status === 'disabled') return err('QR_DISABLED');
    const merchant = await merchantWithId(code.merchantId);
    if (merchant?.status !== 'active' || !merchant.accountId) return err('MERCHANT_NOT_ACTIVE');
    return ok({ code, merchant: { ...merchant, accountId: merchant.accountId } });
  }

  async function resolve(payload: string): Promise<Result<TQrResolved, QrPaymentError>> {
    const r = await lookup(payload);
    if (!r.ok) return r;
    const { code, merchant } = r.value;
    return ok({
      qrCodeId: code.id,
      merchant: {
        id: merchant.id,
        name: merchant.businessName,
        city: qrNames(merchant.businessName).zh ? QR_MERCHANT_CITY.zh : QR_MERCHANT_CITY.ascii,
        category: mccInfo(merchant.mcc as Parameters<typeof mccInfo>[0]),
      },
      fixedAmount: code.kind === 'dynamic',
      amount: code.amount === null ? null : { amount: toDecimalString(code.amount, 'CNY'), currency: 'CNY' },
      reference: code.reference,
      expiresAt: code.expiresAt?.toISOString() ?? null,
    });
  }

  async function pay(
    customerId: string,
    input: TQrPay,
    idempotencyKey: string | undefined,
    session: PaymentSession,
    /** When given, the answer is stored under this key in the posting transaction. */
    record?: LedgerIdempotency,
  ): Promise<Result<{ payment: TQrPayment; replayed: boolean }, QrPaymentError>> {
    // The request's own id tells a retry (same key: the same answer) from a second payer of one code.
    const requestId = idempotencyKey ? uuidFromName(`qr:${customerId}:${idempotencyKey}`) : uuidv7();
    const r = await lookup(input.payload);
    if (!r.ok) return r.code === 'QR_ALREADY_PAID' ? await retried(r, requestId) : r;
    const { code, merchant } = r.value;
    const dynamic = code.kind === 'dynamic';

    // A dynamic code's amount is the merchant's: an amount sent with it is refused, not ignored.
    let amount: bigint;
    if (dynamic) {
      if (input.amount) return err('AMOUNT_FIXED');
      amount = code.amount!;
    } else {
      if (!input.amount) return err('AMOUNT_REQUIRED');
      if (input.amount.currency !== 'CNY') return err('UNSUPPORTED_CURRENCY');
      const parsed = parseAmount(input.amount.amount, 'CNY');
      if (!parsed.ok || parsed.value <= 0n)
        return err('INVALID_AMOUNT', parsed.ok ? undefined : parsed.message);
      amount = parsed.value;
    }

    const wallet = await deps.wallets.walletOfCustomer(customerId);
    if (!wallet) return err('WALLET_NOT_FOUND');
    if (wallet.status !== 'active') return err('WALLET_FROZEN');
    const source = (await deps.wallets.accountsOf([wallet.id], 'CNY')).get(wallet.id);
    if (!source) return err('WALLET_NOT_FOUND');

    const checked = await checkOutgoing(deps, {
      customerId,
      kind: 'qr',
      walletId: wallet.id,
      walletTier: wallet.tier,
      sourceAccountId: source,
      amount,
      payee: merchant.id,
      // A dynamic code's confirmation is for that code (a static payment's is for the merchant).
      ...(dynamic ? { boundPayee: `${merchant.id}/qr-code:${code.id}` } : {}),
      payeeLabel: merchant.businessName,
      operationId: dynamic ? uuidFromName(`qr-code:${code.id}`) : requestId,
      stepUp: input.stepUp,
      newDevice: session.newDevice,
      smsSignIn: session.smsSignIn,
    });
    if (!checked.ok) return checked;
    const { limits, hold, riskReasons } = checked.value;
    // A till cannot wait for a review: what risk would hold is declined at once.
    if (hold) return err('PAYMENT_DENIED', undefined, { reasons: riskReasons });
    // A dynamic code's payment always carries the code's id, whatever a confirmation bound.
    const id = dynamic ? uuidFromName(`qr-code:${code.id}`) : checked.value.operationId;

    const customerName = (await deps.identity.displayNames([customerId])).get(customerId) ?? '';
    const shown = formatMoney(amount, 'CNY', 'zh-CN');
    const event = {
      transferId: id,
      qrCodeId: code.id,
      merchantId: merchant.id,
      amount: toDecimalString(amount, 'CNY'),
      currency: 'CNY',
    };
    const [result] = await deps.engine.submit([
      {
        id,
        debitAccountId: source,
        creditAccountId: merchant.accountId,
        amount,
        ledger: 156,
        code: TransferCode.qrPayment,
        userData: {
          kind: 'qr',
          from: { walletId: wallet.id, name: customerName },
          to: { merchantId: merchant.id, name: merchant.businessName },
          counterpartyName: merchant.businessName,
          qrCodeId: code.id,
          qrKind: code.kind,
          reference: code.reference,
          request: requestId,
        },
        limits: dynamic
          ? limits
          : [...limits, { key: staticQrLimitKey(wallet.id, clock()), amount, max: deps.staticQrDailyCap }],
        effects: [
          ...(record ? [idempotencyRecordEffect(record, 201, (t) => JSON.stringify(view(t)))] : []),
          ...(dynamic ? [qrPaidEffect(code.id, id)] : []),
          outboxEffect({
            id: uuidFromName(`evt:qr-paid:${id}`),
            topic: 'merchant.qr_paid',
            customerId,
            payload: {
              ...event,
              notification: {
                customerId,
                kind: 'qr_payment_sent',
                title: '付款成功 Payment sent',
                body: `${shown} → ${merchant.businessName}`,
                data: { transferId: id },
              },
            },
          }),
          merchantEventEffect(
            merchant.id,
            'payment.received',
            {
              paymentId: id,
              method: 'qr',
              qrCodeId: code.id,
              qrKind: code.kind,
              reference: code.reference,
              amount: event.amount,
              currency: 'CNY',
            },
            eventIdFrom(`payment.received:${id}`),
          ),
          ...merchant.owners.map((owner) =>
            outboxEffect({
              id: uuidFromName(`evt:qr-received:${id}:${owner}`),
              topic: 'merchant.qr_received',
              customerId: owner,
              payload: {
                ...event,
                notification: {
                  customerId: owner,
                  kind: 'merchant_payment_received',
                  title: '收款到账 Payment received',
                  body: `${merchant.businessName}: ${shown}${code.reference ? ` (${code.reference})` : ''}`,
                  data: { transferId: id, merchantId: merchant.id, qrCodeId: code.id },
                },
              },
            }),
          ),
        ],
      },
    ]);
    if (!result!.ok) {
      if (result!.code === 'LIMIT_EXCEEDED') {
        const key = result!.detail ?? '';
        if (key.startsWith('qr-static:')) return err('STATIC_QR_LIMIT_EXCEEDED');
        return err(key.includes(':day:') ? 'DAILY_LIMIT_EXCEEDED' : 'ANNUAL_LIMIT_EXCEEDED');
      }
      // The id is taken: for a dynamic code, by another payment of it (another request or payer).
      if (result!.code === 'ID_ALREADY_USED_WITH_DIFFERENT_FIELDS')
        return err(dynamic ? 'QR_ALREADY_PAID' : 'IDEMPOTENCY_CONFLICT');
      const mapped = MERCHANT_PAYMENT_LEDGER_REFUSALS[result!.code];
      if (!mapped) throw new Error(`unexpected ledger result ${result!.code}`);
      return err(mapped);
    }
    return ok({ payment: view(result!.transfer), replayed: result!.status === 'exists' });
  }

  /** A paid dynamic code: the original answer to the request that paid it, QR_ALREADY_PAID to anyone else. */
  async function retried(
    refusal: Failure<QrPaymentError>,
    requestId: string,
  ): Promise<Result<{ payment: TQrPayment; replayed: boolean }, QrPaymentError>> {
    const codeId = (refusal.details as { qrCodeId?: string } | undefined)?.qrCodeId;
    const [t] = codeId ? await lookupTransfers(deps.pool, [uuidFromName(`qr-code:${codeId}`)]) : [];
    if (t && (t.userData as { request?: string }).request === requestId)
      return ok({ payment: view(t), replayed: true });
    return err('QR_ALREADY_PAID');
  }

  return { resolve, pay };
}

function view(t: Transfer): TQrPayment {
  const ud = t.userData as {
    to: { merchantId: string; name: string };
    qrCodeId: string;
    reference: string | null;
  };
  // Built field by field (jsonb reorders keys): a replay is byte-identical to the first answer.
  return {
    id: t.id,
    status: 'completed',
    amount: { amount: toDecimalString(t.amount, 'CNY'), currency: 'CNY' },
    merchant: { id: ud.to.merchantId, name: ud.to.name },
    qrCodeId: ud.qrCodeId,
    reference: ud.reference,
    createdAt: t.createdAt.toISOString(),
  };
}

export type QrPaymentFlow = ReturnType<typeof createQrPaymentFlow>;
