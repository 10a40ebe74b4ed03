import {
  type LedgerEngine,
  lookupTransfers,
  type Transfer,
  type TransferInput,
  type TransferResult,
  uuidFromName,
  uuidv7,
} from '@yinbao/ledger';
import { formatMoney, parseAmount, toDecimalString } from '@yinbao/money';
import type pg from 'pg';
import {
  PAYOUT_RECEIVED_TOPIC,
  type PayoutError,
  type PayoutItemCode,
  type PayoutRecipient,
  payingMerchant,
  recipients,
  type TPayoutBatch,
  type TPayoutBatchResult,
  type TPayoutResult,
} from '../modules/payouts/index.ts';
import { outboxEffect } from '../platform/effects.ts';
import { err, ok, type Result } from '../platform/errors.ts';
import { TransferCode } from '../platform/system-accounts.ts';

export type MerchantPayoutDeps = { pool: pg.Pool; engine: LedgerEngine };

const CNY = 156;

/** The ledger transfer id of a merchant's payout: one per (merchant, reference), ever. */
export const payoutTransferId = (merchantId: string, reference: string) =>
  uuidFromName(`payout:${merchantId}:${reference}`);

const ENGINE_TO_ITEM: Partial<Record<string, PayoutItemCode>> = {
  EXCEEDS_CREDITS: 'INSUFFICIENT_FUNDS',
  EXCEEDS_MAX_CREDIT_BALANCE: 'RECIPIENT_BALANCE_CAP_EXCEEDED',
  CREDIT_ACCOUNT_CLOSED: 'RECIPIENT_CANNOT_RECEIVE',
  DEBIT_ACCOUNT_CLOSED: 'MERCHANT_CANNOT_PAY',
  ID_ALREADY_USED_WITH_DIFFERENT_FIELDS: 'PAYOUT_REFERENCE_REUSED',
};

type Item = TPayoutBatch['items'][number] & { amountMinor: bigint; id: string };

/**
 * Merchant batch payouts (issue 6): up to 8,000 ledger transfers from the merchant's CNY account
 * (code 2, never below zero) to customers' wallets, set-based end to end: one query resolves every
 * recipient, and ONE engine submission carries every payable item as an unlinked transfer, so the
 * ledger validates them in request order with a result each (a failure never fails a neighbour)
 * and inserts them in one statement. Each transfer id derives from (merchant, reference): a retry
 * of the batch, whole or in part, answers `exists` and pays nothing again. Each created payout's
 * "money received" notification is written by the commit hook with the money. No merchant webhook
 * event: the 200 answer carries every item's outcome.
 */
export function createMerchantPayoutFlow(deps: MerchantPayoutDeps) {
  async function pay(
    merchantId: string,
    batch: TPayoutBatch,
  ): Promise<Result<TPayoutBatchResult, PayoutError>> {
    const items = checkItems(merchantId, batch);
    if (!items.ok) return items;
    const merchant = await payingMerchant(deps.pool, merchantId);
    if (!merchant) return err('MERCHANT_ACCOUNT_NOT_FOUND');
    const found = await recipients(deps.pool, [...new Set(items.value.map((i) => i.to.walletId))]);

    const results: TPayoutResult[] = new Array(items.value.length);
    const submitted: number[] = [];
    const transfers: TransferInput[] = [];
    const refused: number[] = [];
    for (const [index, item] of items.value.entries()) {
      const to = found.get(item.to.walletId);
      if (!to?.canReceive) {
        results[index] = failed(item, to ? 'RECIPIENT_CANNOT_RECEIVE' : 'RECIPIENT_NOT_FOUND');
        refused.push(index);
        continue;
      }
      submitted.push(index);
      transfers.push(payoutTransfer(merchantId, merchant, to, item));
    }
    // Unlinked transfers of one event: each gets its own result, in request order.
    const outcome: TransferResult[] = transfers.length > 0 ? await deps.engine.submit(transfers) : [];
    for (const [k, index] of submitted.entries()) {
      const item = items.value[index]!;
      const r = outcome[k]!;
      results[index] = r.ok
        ? { reference: item.reference, status: r.status, transferId: item.id }
        : failed(item, ENGINE_TO_ITEM[r.code] ?? 'PAYOUT_REFUSED');
    }
    // A wallet frozen or closed since it was paid: the retry still answers `exists`.
    if (refused.length > 0) {
      const prior = await lookupTransfers(
        deps.pool,
        refused.map((i) => items.value[i]!.id),
      );
      const byId = new Map(prior.map((t) => [t.id, t]));
      for (const index of refused) {
        const item = items.value[index]!;
        const t = byId.get(item.id);
        if (!t) continue;
        results[index] = samePayout(t, merchant.accountId, found.get(item.to.walletId), item)
          ? { reference: item.reference, status: 'exists', transferId: item.id }
          : failed(item, 'PAYOUT_REFERENCE_REUSED');
      }
    }
    let created = 0;
    let failedCount = 0;
    for (const r of results) {
      if (r.status === 'created') created++;
      else if (r.status === 'failed') failedCount++;
    }
    return ok({ results, created, failed: failedCount });
  }

  return { pay };
}

export type MerchantPayoutFlow = ReturnType<typeof createMerchantPayoutFlow>;

/** Amounts, currency and unique references; any mistake refuses the whole request (nothing paid). */
function checkItems(merchantId: string, batch: TPayoutBatch): Result<Item[], PayoutError> {
  const seen = new Set<string>();
  const out: Item[] = new Array(batch.items.length);
  for (const [index, item] of batch.items.entries()) {
    const where = { index, reference: item.reference };
    if (item.amount.currency !== 'CNY') return err('UNSUPPORTED_CURRENCY', undefined, where);
    const parsed = parseAmount(item.amount.amount, 'CNY');
    if (!parsed.ok || parsed.value <= 0n)
      return err('INVALID_AMOUNT', parsed.ok ? undefined : parsed.message, where);
    if (seen.has(item.reference)) return err('DUPLICATE_REFERENCE', undefined, where);
    seen.add(item.reference);
    out[index] = { ...item, amountMinor: parsed.value, id: payoutTransferId(merchantId, item.reference) };
  }
  return ok(out);
}

function payoutTransfer(
  merchantId: string,
  merchant: { name: string; accountId: string },
  to: PayoutRecipient,
  item: Item,
): TransferInput {
  const note = item.note ?? null;
  const shown = formatMoney(item.amountMinor, 'CNY', 'zh-CN');
  return {
    id: item.id,
    debitAccountId: merchant.accountId,
    creditAccountId: to.accountId,
    amount: item.amountMinor,
    ledger: CNY,
    code: TransferCode.merchantPayout,
    userData: {
      kind: 'payout',
      from: { merchantId, name: merchant.name },
      to: { walletId: to.walletId },
      reference: item.reference,
      note,
    },
    effects: [
      outboxEffect({
        // Written once, with the transfer: a time-ordered id keeps the outbox index appends local.
        id: uuidv7(),
        topic: PAYOUT_RECEIVED_TOPIC,
        customerId: to.customerId,
        payload: {
          transferId: item.id,
          merchantId,
          amount: toDecimalString(item.amountMinor, 'CNY'),
          currency: 'CNY',
          notification: {
            customerId: to.customerId,
            kind: 'payout_received',
            title: '收到付款 Money received',
            body: `${merchant.name} → ${shown}${note ? `: ${note}` : ''}`,
            data: { transferId: item.id },
          },
        },
      }),
    ],
  };
}

/** The stored transfer is this item's payout (same accounts, amount and note). */
function samePayout(t: Transfer, merchantAccountId: string, to: PayoutRecipient | undefined, item: Item) {
  const ud = t.userData as { note?: string | null };
  return (
    t.code === TransferCode.merchantPayout &&
    t.debitAccountId === merchantAccountId &&
    to !== undefined &&
    t.creditAccountId === to.accountId &&
    t.amount === item.amountMinor &&
    (ud.note ?? null) === (item.note ?? null)
  );
}

const failed = (item: Item, code: PayoutItemCode): TPayoutResult => ({
  reference: item.reference,
  status: 'failed',
  code,
});
