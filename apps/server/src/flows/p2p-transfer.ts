import {
  type LedgerEngine,
  lookupTransfers,
  type Transfer,
  TransferFlags,
  uuidFromName,
  uuidv7,
} from '@yinbao/ledger';
import { formatMoney, parseAmount, toDecimalString } from '@yinbao/money';
import type pg from 'pg';
import type { IdentityService } from '../modules/identity/index.ts';
import { normalizeCnMobile } from '../modules/identity/index.ts';
import type { RiskService } from '../modules/risk/index.ts';
import type { SecurityService } from '../modules/security/index.ts';
import type { TCreateTransfer, TransferError, TTransfer } from '../modules/transfers/index.ts';
import type { WalletsService } from '../modules/wallets/index.ts';
import { outboxEffect } from '../platform/effects.ts';
import { err, ok, type Result } from '../platform/errors.ts';
import { idempotencyRecordEffect, type LedgerIdempotency } from '../platform/http/idempotency-ledger.ts';
import { TransferCode } from '../platform/system-accounts.ts';
import { checkOutgoing, type PaymentSession } from './outgoing-checks.ts';

export type P2pDeps = {
  pool: pg.Pool;
  engine: LedgerEngine;
  wallets: WalletsService;
  identity: IdentityService;
  risk: RiskService;
  security: SecurityService;
  clock?: () => Date;
  /** How long a payment held by risk stays reserved before it is released. */
  holdSeconds?: number;
};

const ENGINE_TO_API: Record<string, TransferError> = {
  EXCEEDS_CREDITS: 'INSUFFICIENT_FUNDS',
  EXCEEDS_MAX_CREDIT_BALANCE: 'RECIPIENT_CANNOT_RECEIVE',
  CREDIT_ACCOUNT_CLOSED: 'RECIPIENT_CANNOT_RECEIVE',
  DEBIT_ACCOUNT_CLOSED: 'WALLET_FROZEN',
  ID_ALREADY_USED_WITH_DIFFERENT_FIELDS: 'IDEMPOTENCY_CONFLICT',
};

/**
 * T1: wallet-to-wallet transfer. Checks (single limit, risk) happen before posting; the balance,
 * the recipient's cap and the daily/annual counters are checked by the ledger in the same database
 * transaction as the posting, so parallel payments cannot overshoot. Both parties get a notification
 * through the outbox, written in that same transaction.
 */
export function createP2pTransferFlow(deps: P2pDeps) {
  async function send(
    customerId: string,
    input: TCreateTransfer,
    idempotencyKey: string | undefined,
    session: PaymentSession,
    /** When given, the answer is stored under this key in the posting transaction. */
    record?: LedgerIdempotency,
  ): Promise<Result<{ transfer: TTransfer; replayed: boolean }, TransferError>> {
    const currency = input.amount.currency;
    if (currency !== 'CNY') return err('UNSUPPORTED_CURRENCY', 'Transfers are in CNY for now');
    const parsed = parseAmount(input.amount.amount, currency);
    if (!parsed.ok) return err('INVALID_AMOUNT', parsed.message);
    const amount = parsed.value;

    const [from, to] = await Promise.all([
      deps.wallets.walletOfCustomer(customerId),
      resolveRecipient(input.to),
    ]);
    if (!from) return err('RECIPIENT_NOT_FOUND');
    if (from.status !== 'active') return err('WALLET_FROZEN');
    if (!to) return err('RECIPIENT_NOT_FOUND');
    if (to.id === from.id) return err('CANNOT_PAY_SELF');
    const accounts = await deps.wallets.accountsOf([from.id, to.id], currency);
    const fromAcct = accounts.get(from.id);
    const toAcct = accounts.get(to.id);
    if (!fromAcct || !toAcct) return err('RECIPIENT_NOT_FOUND');

    // The names and the checks are independent reads: they run together.
    const namesRead = deps.identity.displayNames([customerId, to.customerId]);
    const payeeLabel = namesRead.then((n) => n.get(to.customerId) ?? '');
    payeeLabel.catch(() => {}); // awaited only for a confirmation; a failed read rejects below

    const [names, checked] = await Promise.all([
      namesRead,
      checkOutgoing(deps, {
        customerId,
        kind: 'p2p',
        walletId: from.id,
        walletTier: from.tier,
        sourceAccountId: fromAcct,
        amount,
        payee: to.id,
        payeeLabel,
        operationId: idempotencyKey ? uuidFromName(`p2p:${customerId}:${idempotencyKey}`) : uuidv7(),
        stepUp: input.stepUp,
        newDevice: session.newDevice,
        smsSignIn: session.smsSignIn,
      }),
    ]);
    if (!checked.ok) return checked;
    const fromName = names.get(customerId) ?? '';
    const toName = names.get(to.customerId) ?? '';
    const { limits, hold: held, riskReasons, operationId: id } = checked.value;

    const shown = formatMoney(amount, 'CNY', 'zh-CN');
    const payload = {
      transferId: id,
      amount: toDecimalString(amount, 'CNY'),
      currency,
      fromWalletId: from.id,
      toWalletId: to.id,
    };
    const [result] = await deps.engine.submit([
      {
        id,
        debitAccountId: fromAcct,
        creditAccountId: toAcct,
        amount,
        ledger: 156,
        code: TransferCode.p2p,
        flags: held ? TransferFlags.pending : 0,
        timeoutSeconds: held ? (deps.holdSeconds ?? 72 * 3600) : undefined,
        userData: {
          kind: 'p2p',
          note: input.note ?? null,
          from: { walletId: from.id, name: fromName },
          to: { walletId: to.id, name: toName },
          ...(held ? { held: true, riskReasons } : {}),
        },
        limits,
        effects: [
          ...(record ? [idempotencyRecordEffect(record, 201, (t) => JSON.stringify(view(t)))] : []),
          ...(held
            ? [
                outboxEffect({
                  id: uuidFromName(`evt:held:${id}`),
                  topic: 'transfer.held',
                  customerId,
                  payload: {
                    ...payload,
                    notification: {
                      customerId,
                      kind: 'transfer_held',
                      title: '转账待审核 Transfer under review',
                      body: `${shown} → ${toName}`,
                      data: { transferId: id },
                    },
                  },
                }),
              ]
            : [
                outboxEffect({
                  id: uuidFromName(`evt:sent:${id}`),
                  topic: 'transfer.completed',
                  customerId,
                  payload: {
                    ...payload,
                    notification: {
                      customerId,
                      kind: 'transfer_sent',
                      title: '转账成功 Transfer sent',
                      body: `${shown} → ${toName}`,
                      data: { transferId: id },
                    },
                  },
                }),
                outboxEffect({
                  id: uuidFromName(`evt:received:${id}`),
                  topic: 'transfer.received',
                  customerId: to.customerId,
                  payload: {
                    ...payload,
                    notification: {
                      customerId: to.customerId,
                      kind: 'transfer_received',
                      title: '收到转账 Money received',
                      body: `${fromName} → ${shown}${input.note ? `: ${input.note}` : ''}`,
                      data: { transferId: id },
                    },
                  },
                }),
              ]),
        ],
      },
    ]);
    if (!result!.ok) {
      if (result!.code === 'LIMIT_EXCEEDED')
        return err(result!.detail?.includes(':day:') ? 'DAILY_LIMIT_EXCEEDED' : 'ANNUAL_LIMIT_EXCEEDED');
      const mapped = ENGINE_TO_API[result!.code];
      if (!mapped) throw new Error(`unexpected ledger result ${result!.code}`);
      return err(mapped);
    }
    return ok({ transfer: view(result!.transfer), replayed: result!.status === 'exists' });
  }

  async function resolveRecipient(to: TCreateTransfer['to']) {
    if ('walletId' in to) return deps.wallets.walletById(to.walletId);
    const phone = normalizeCnMobile(to.phone);
    if (!phone) return null;
    const c = await deps.identity.findByPhone(phone);
    return c ? deps.wallets.walletOfCustomer(c.id) : null;
  }

  /** A transfer the caller sent or received; anyone else's id gets the same answer as a missing one. */
  async function get(customerId: string, transferId: string): Promise<Result<TTransfer, TransferError>> {
    const [t] = await lookupTransfers(deps.pool, [transferId]);
    const w = await deps.wallets.walletOfCustomer(customerId);
    if (!t || !w || t.code !== TransferCode.p2p) return err('TRANSFER_NOT_FOUND');
    const ud = t.userData as { from?: { walletId: string }; to?: { walletId: string } };
    if (ud.from?.walletId !== w.id && ud.to?.walletId !== w.id) return err('TRANSFER_NOT_FOUND');
    return ok(view(t));
  }

  return { send, get };
}

function view(t: Transfer): TTransfer {
  const ud = t.userData as {
    note?: string | null;
    from: { walletId: string; name: string };
    to: { walletId: string; name: string };
  };
  return {
    id: t.id,
    status: (t.flags & TransferFlags.pending) !== 0 ? 'held' : 'completed',
    amount: { amount: toDecimalString(t.amount, 'CNY'), currency: 'CNY' },
    // Built field by field: jsonb reorders keys, and a replay must be byte-identical to the first answer.
    from: { walletId: ud.from.walletId, name: ud.from.name },
    to: { walletId: ud.to.walletId, name: ud.to.name },
    note: ud.note ?? null,
    createdAt: t.createdAt.toISOString(),
  };
}

export type P2pTransferFlow = ReturnType<typeof createP2pTransferFlow>;
