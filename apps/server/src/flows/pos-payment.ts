import { type LedgerEngine, uuidFromName } from '@yinbao/ledger';
import { formatMoney, parseAmount, toDecimalString } from '@yinbao/money';
import type pg from 'pg';
import type { IdentityService } from '../modules/identity/index.ts';
import type { NfcService, VerifiedTap } from '../modules/nfc/index.ts';
import type { PayCodesService } from '../modules/pay-codes/index.ts';
import {
  type PosPaymentError,
  type PosPaymentRow,
  posCompletedEffect,
  posRepo,
  type TPosPayment,
  type TPosSubmit,
} from '../modules/pos-payments/index.ts';
import { payeeMerchant } from '../modules/qr-payments/index.ts';
import type { RiskService } from '../modules/risk/index.ts';
import type { Proof, SecurityService } from '../modules/security/index.ts';
import { limitKeys, type WalletsService } from '../modules/wallets/index.ts';
import { eventIdFrom, merchantEventEffect } from '../modules/webhooks/index.ts';
import { outboxEffect } from '../platform/effects.ts';
import { err, ok, type Result } from '../platform/errors.ts';
import { writeOutbox } from '../platform/outbox.ts';
import { inTransaction } from '../platform/sql.ts';
import { TransferCode } from '../platform/system-accounts.ts';
import {
  checkOutgoing,
  MERCHANT_PAYMENT_LEDGER_REFUSALS,
  type OutgoingDecision,
  type PaymentSession,
} from './outgoing-checks.ts';

export type PosPaymentDeps = {
  pool: pg.Pool;
  engine: LedgerEngine;
  wallets: WalletsService;
  identity: IdentityService;
  risk: RiskService;
  security: SecurityService;
  payCodes: PayCodesService;
  nfc: NfcService;
  /** Minor units: per payment, per customer and day, and above what the customer confirms on the phone. */
  limits: { perCode: bigint; daily: bigint; confirmAbove: bigint };
  clock?: () => Date;
};

/** How long a payment waits for the customer's confirmation on the phone. */
export const POS_AWAIT_SECONDS = 120;

/** The counter of what payment codes and taps took from a wallet on a day (Asia/Shanghai). */
export const posLimitKey = (walletId: string, at: Date) =>
  `pos:${limitKeys(walletId, at).day.split(':day:')[1]}:${walletId}`;

type Payer = {
  customerId: string;
  deviceTrusted: boolean;
  smsSignIn: boolean;
  amount: bigint;
  paymentId: string;
  instrument: Pick<PosPaymentRow, 'method' | 'payCodeId' | 'nfcKeyId' | 'nfcCounter'>;
  tap?: VerifiedTap;
};

type Source = { wallet: { id: string; tier: number }; account: string };
type Merchant = NonNullable<Awaited<ReturnType<typeof payeeMerchant>>> & { accountId: string };

/**
 * Customer-presented payments at a merchant's POS (issue 5, parts 4 and 5): a payment code (付款码)
 * or a signed NFC tap, submitted by the merchant with the amount. The payment is one ledger transfer
 * from the customer's wallet to the merchant's account (code 21) after the same outgoing checks as a
 * transfer (tier limits, risk), plus a per-payment limit and a daily counter kept by the ledger.
 *
 * A POS cannot ask for a step-up: above the "confirm on phone" threshold, or when the customer's
 * confirmation is required, the payment waits (`awaiting_customer`, 2 minutes) until the customer
 * confirms it in the app (with the step-up the checks ask for) or declines it.
 *
 * Single use: the payment row claims the code (or the tap's key and counter) and the merchant's
 * reference before anything is posted (unique constraints), and the transfer id is derived from the
 * code's id (or the tap's key and counter); the commit hook marks the payment completed with the money.
 */
export function createPosPaymentFlow(deps: PosPaymentDeps) {
  const clock = deps.clock ?? (() => new Date());

  function view(p: PosPaymentRow): TPosPayment {
    const expired = p.status === 'awaiting_customer' && p.expiresAt <= clock();
    return {
      id: p.id,
      status: expired ? 'expired' : p.status,
      method: p.method,
      amount: { amount: toDecimalString(p.amount, 'CNY'), currency: 'CNY' },
      merchant: { id: p.merchantId, name: p.merchantName },
      reference: p.reference,
      terminalId: p.terminalId,
      createdAt: p.createdAt.toISOString(),
      expiresAt: p.status === 'awaiting_customer' && !expired ? p.expiresAt.toISOString() : null,
    };
  }

  /** A second submission of one reference: the first payment when it is the same request. */
  async function sameReference(
    merchantId: string,
    input: TPosSubmit,
  ): Promise<Result<TPosPayment, PosPaymentError> | null> {
    const prior = await posRepo.paymentByReference(deps.pool, merchantId, input.reference);
    if (!prior) return null;
    let same = prior.method === input.method;
    if (same && input.method === 'pay_code') {
      const code = await deps.payCodes.lookup(input.code);
      const amount = parseAmount(input.amount.amount, 'CNY');
      same = code?.id === prior.payCodeId && amount.ok && amount.value === prior.amount;
    } else if (same && input.method === 'nfc') {
      same = input.tap.keyId === prior.nfcKeyId && input.tap.counter === prior.nfcCounter;
    }
    return same ? ok(view(prior)) : err('REFERENCE_CONFLICT');
  }

  function parseCny(m: { amount: string; currency: string }): Result<bigint, PosPaymentError> {
    if (m.currency !== 'CNY') return err('UNSUPPORTED_CURRENCY');
    const parsed = parseAmount(m.amount, 'CNY');
    if (!parsed.ok || parsed.value <= 0n)
      return err('INVALID_AMOUNT', parsed.ok ? undefined : parsed.message);
    if (parsed.value > deps.limits.perCode)
      return err('PAY_CODE_LIMIT_EXCEEDED', undefined, {
        limit: toDecimalString(deps.limits.perCode, 'CNY'),
      });
    return ok(parsed.value);
  }

  /** Who pays, how much, and the payment's id: from the code or the verified tap (not used yet). */
  async function payer(merchantId: string, input: TPosSubmit): Promise<Result<Payer, PosPaymentError>> {
    if (input.method === 'pay_code') {
      const code = /^\d{18}$/.test(input.code) ? await deps.payCodes.lookup(input.code) : null;
      // Unknown, expired, superseded, from a removed device or a signed-out session: one answer.
      if (code?.status !== 'active' || code.expiresAt <= clock() || code.deviceRevoked || code.sessionRevoked)
        return err('PAY_CODE_INVALID');
      const amount = parseCny(input.amount);
      if (!amount.ok) return amount;
      return ok({
        customerId: code.customerId,
        deviceTrusted: code.deviceTrusted,
        smsSignIn: code.smsSignIn,
        amount: amount.value,
        paymentId: uuidFromName(`pos:pay-code:${code.id}`),
        instrument: { method: 'pay_code', payCodeId: code.id, nfcKeyId: null, nfcCounter: null },
      });
    }
    const tap = await deps.nfc.verify(merchantId, input.tap);
    if (!tap.ok) return tap;
    const amount = parseCny(input.tap);
    if (!amount.ok) return amount;
    return ok({
      customerId: tap.value.customerId,
      deviceTrusted: tap.value.deviceTrusted,
      smsSignIn: false,
      amount: amount.value,
      paymentId: uuidFromName(`pos:nfc:${tap.value.keyId}:${tap.value.counter}`),
      instrument: {
        method: 'nfc',
        payCodeId: null,
        nfcKeyId: tap.value.keyId,
        nfcCounter: tap.value.counter,
      },
      tap: tap.value,
    });
  }

  async function activeMerchant(merchantId: string): Promise<Result<Merchant, PosPaymentError>> {
    const m = await payeeMerchant(deps.pool, merchantId);
    if (m?.status !== 'active' || !m.accountId) return err('MERCHANT_NOT_ACTIVE');
    return ok({ ...m, accountId: m.accountId });
  }

  async function source(customerId: string): Promise<Source | null> {
    const wallet = await deps.wallets.walletOfCustomer(customerId);
    if (wallet?.status !== 'active') return null;
    const account = await deps.wallets.accountOf(wallet.id, 'CNY');
    return account ? { wallet, account } : null;
  }

  /** The merchant's POS submits a code or tap with the amount. */
  async function submit(
    merchantId: string,
    input: TPosSubmit,
  ): Promise<Result<TPosPayment, PosPaymentError>> {
    const merchant = await activeMerchant(merchantId);
    if (!merchant.ok) return merchant;
    const again = await sameReference(merchantId, input);
    if (again) return again;
    const who = await payer(merchantId, input);
    if (!who.ok) return who;
    const p = who.value;
    const from = await source(p.customerId);
    if (!from) return err('WALLET_FROZEN');

    // Above the threshold the customer confirms on the phone; below it, unless the checks want a step-up.
    let confirm = p.amount > deps.limits.confirmAbove;
    let limits: OutgoingDecision['limits'] = [];
    if (!confirm) {
      const session = { newDevice: !p.deviceTrusted, smsSignIn: p.smsSignIn };
      const checked = await checks(
        { id: p.paymentId, customerId: p.customerId, amount: p.amount },
        merchant.value,
        from,
        undefined,
        session,
      );
      if (!checked.ok && checked.code !== 'STEP_UP_REQUIRED') return checked;
      if (checked.ok && checked.value.hold)
        return err('PAYMENT_DENIED', undefined, { reasons: checked.value.riskReasons });
      if (checked.ok) limits = checked.value.limits;
      confirm = !checked.ok;
    }

    // A tap is used (its counter raised) once, whatever happens next.
    if (p.tap && !(await deps.nfc.consume(p.tap))) return err('NFC_COUNTER_REPLAYED');
    const row = {
      id: p.paymentId,
      merchantId,
      reference: input.reference,
      terminalId: input.terminalId ?? null,
      ...p.instrument,
      customerId: p.customerId,
      walletId: from.wallet.id,
      amount: p.amount,
      status: confirm ? ('awaiting_customer' as const) : ('processing' as const),
      expiresAt: new Date(clock().getTime() + POS_AWAIT_SECONDS * 1000),
    };
    const claimed = await inTransaction(deps.pool, async (tx) => {
      const c = await posRepo.insertPayment(tx, row);
      if (c.ok && confirm) await writeOutbox(tx, [confirmRequest(row, merchant.value)]);
      return c;
    });
    if (!claimed.ok) {
      if (claimed.taken === 'reference')
        return (await sameReference(merchantId, input)) ?? err('REFERENCE_CONFLICT');
      return err(input.method === 'pay_code' ? 'PAY_CODE_INVALID' : 'NFC_COUNTER_REPLAYED');
    }
    const stored = (await posRepo.paymentById(deps.pool, row.id))!;
    if (confirm) return ok(view(stored));
    const posted = await post(stored, merchant.value, from, limits);
    if (!posted.ok) await posRepo.releaseClaim(deps.pool, row.id);
    return posted;
  }

  /** The outgoing checks of a payment (when confirming: with the customer's step-up). */
  function checks(
    p: Pick<PosPaymentRow, 'id' | 'customerId' | 'amount'>,
    merchant: Merchant,
    from: Source,
    stepUp: Proof | undefined,
    session: PaymentSession,
  ) {
    return checkOutgoing(deps, {
      customerId: p.customerId,
      kind: 'pos',
      walletId: from.wallet.id,
      walletTier: from.wallet.tier,
      sourceAccountId: from.account,
      amount: p.amount,
      payee: merchant.id,
      // Bound to this till payment: a confirmation of another one (same merchant and amount) is not it.
      boundPayee: `${merchant.id}/pos:${p.id}`,
      payeeLabel: merchant.businessName,
      operationId: p.id,
      stepUp,
      newDevice: session.newDevice,
      smsSignIn: session.smsSignIn,
    });
  }

  /** Posts a claimed (`processing`) payment: one ledger transfer; its commit hook marks it completed. */
  async function post(
    p: PosPaymentRow,
    merchant: Merchant,
    from: Source,
    limits: OutgoingDecision['limits'],
  ): Promise<Result<TPosPayment, PosPaymentError>> {
    const customerName = (await deps.identity.displayNames([p.customerId])).get(p.customerId) ?? '';
    const shown = formatMoney(p.amount, 'CNY', 'zh-CN');
    const amount = toDecimalString(p.amount, 'CNY');
    const event = {
      transferId: p.id,
      paymentId: p.id,
      merchantId: merchant.id,
      method: p.method,
      amount,
      currency: 'CNY',
    };
    const [result] = await deps.engine.submit([
      {
        id: p.id,
        debitAccountId: from.account,
        creditAccountId: merchant.accountId,
        amount: p.amount,
        ledger: 156,
        code: TransferCode.posPayment,
        userData: {
          kind: 'pos',
          method: p.method,
          from: { walletId: from.wallet.id, name: customerName },
          to: { merchantId: merchant.id, name: merchant.businessName },
          counterpartyName: merchant.businessName,
          reference: p.reference,
          terminalId: p.terminalId,
        },
        limits: [
          ...limits,
          { key: posLimitKey(from.wallet.id, clock()), amount: p.amount, max: deps.limits.daily },
        ],
        effects: [
          posCompletedEffect(p.id),
          outboxEffect({
            id: uuidFromName(`evt:pos-paid:${p.id}`),
            topic: 'merchant.pos_paid',
            customerId: p.customerId,
            payload: {
              ...event,
              notification: {
                customerId: p.customerId,
                kind: 'pos_payment_sent',
                title: '付款成功 Payment sent',
                body: `${shown} → ${merchant.businessName}`,
                data: { transferId: p.id },
              },
            },
          }),
          merchantEventEffect(
            merchant.id,
            'payment.received',
            { paymentId: p.id, method: p.method, reference: p.reference, amount, currency: 'CNY' },
            eventIdFrom(`payment.received:${p.id}`),
          ),
          ...merchant.owners.map((owner) =>
            outboxEffect({
              id: uuidFromName(`evt:pos-received:${p.id}:${owner}`),
              topic: 'merchant.pos_received',
              customerId: owner,
              payload: {
                ...event,
                notification: {
                  customerId: owner,
                  kind: 'merchant_payment_received',
                  title: '收款到账 Payment received',
                  body: `${merchant.businessName}: ${shown} (${p.reference})`,
                  data: { transferId: p.id, merchantId: merchant.id, paymentId: p.id },
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
        if (key.startsWith('pos:')) return err('PAY_CODE_DAILY_LIMIT_EXCEEDED');
        return err(key.includes(':day:') ? 'DAILY_LIMIT_EXCEEDED' : 'ANNUAL_LIMIT_EXCEEDED');
      }
      const mapped = MERCHANT_PAYMENT_LEDGER_REFUSALS[result!.code];
      if (!mapped) throw new Error(`unexpected ledger result ${result!.code}`);
      return err(mapped);
    }
    return ok(view((await posRepo.paymentById(deps.pool, p.id))!));
  }

  /** The customer confirms a waiting payment (with the step-up the checks ask for, if any). */
  async function confirm(
    customerId: string,
    paymentId: string,
    stepUp: Proof | undefined,
    session: PaymentSession,
  ): Promise<Result<TPosPayment, PosPaymentError>> {
    const p = await posRepo.paymentById(deps.pool, paymentId);
    if (!p || p.customerId !== customerId) return err('POS_PAYMENT_NOT_FOUND');
    if (p.status !== 'awaiting_customer' || p.expiresAt <= clock()) return err('POS_PAYMENT_NOT_AWAITING');
    const merchant = await activeMerchant(p.merchantId);
    if (!merchant.ok) return merchant;
    const from = await source(customerId);
    if (!from) return err('WALLET_FROZEN');
    const checked = await checks(p, merchant.value, from, stepUp, session);
    if (!checked.ok) return checked;
    if (checked.value.hold) return err('PAYMENT_DENIED', undefined, { reasons: checked.value.riskReasons });
    // Parallel confirmations: one claims the payment; the others find it no longer waiting.
    if (
      !(await posRepo.moveStatus(deps.pool, p.id, 'awaiting_customer', 'processing', {
        notExpiredAt: clock(),
      }))
    )
      return err('POS_PAYMENT_NOT_AWAITING');
    const posted = await post({ ...p, status: 'processing' }, merchant.value, from, checked.value.limits);
    // Refused by the ledger (funds to add, a limit): it waits again, until it expires.
    if (!posted.ok) await posRepo.moveStatus(deps.pool, p.id, 'processing', 'awaiting_customer');
    return posted;
  }

  async function decline(
    customerId: string,
    paymentId: string,
  ): Promise<Result<TPosPayment, PosPaymentError>> {
    const p = await posRepo.paymentById(deps.pool, paymentId);
    if (!p || p.customerId !== customerId) return err('POS_PAYMENT_NOT_FOUND');
    const moved = await posRepo.moveStatus(deps.pool, p.id, 'awaiting_customer', 'declined', {
      customerId,
      notExpiredAt: clock(),
    });
    if (!moved) return err('POS_PAYMENT_NOT_AWAITING');
    return ok(view((await posRepo.paymentById(deps.pool, p.id))!));
  }

  return {
    submit,
    confirm,
    decline,
    async pending(customerId: string): Promise<TPosPayment[]> {
      return (await posRepo.awaitingOf(deps.pool, customerId, clock())).map(view);
    },
    /** One payment of this merchant (another merchant's answers like a missing one). */
    async get(merchantId: string, paymentId: string): Promise<Result<TPosPayment, PosPaymentError>> {
      const p = await posRepo.paymentById(deps.pool, paymentId);
      return p && p.merchantId === merchantId ? ok(view(p)) : err('POS_PAYMENT_NOT_FOUND');
    },
  };
}

/** The customer is asked, in the app, to confirm a payment waiting at a merchant's till. */
function confirmRequest(row: { id: string; customerId: string; amount: bigint }, merchant: Merchant) {
  return {
    id: uuidFromName(`evt:pos-confirm:${row.id}`),
    topic: 'merchant.pos_confirm',
    customerId: row.customerId,
    payload: {
      paymentId: row.id,
      merchantId: merchant.id,
      notification: {
        customerId: row.customerId,
        kind: 'pos_payment_confirm',
        title: '请确认付款 Confirm payment',
        body: `${merchant.businessName}: ${formatMoney(row.amount, 'CNY', 'zh-CN')}`,
        data: { paymentId: row.id, merchantId: merchant.id },
      },
    },
  };
}

export type PosPaymentFlow = ReturnType<typeof createPosPaymentFlow>;
