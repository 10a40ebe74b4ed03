import { type LedgerEngine, TransferFlags, type TransferInput, uuidFromName } from '@yinbao/ledger';
import { formatMoney, toDecimalString } from '@yinbao/money';
import type pg from 'pg';
import {
  businessDateOf,
  dayBounds,
  dayFigures,
  insertEmptySettlement,
  mdrFee,
  nextDate,
  type SettlementRow,
  type SettlingMerchant,
  settlementExists,
  settlementRowEffect,
  settlingMerchants,
} from '../modules/settlements/index.ts';
import { eventIdFrom, merchantEventEffect } from '../modules/webhooks/index.ts';
import { outboxEffect } from '../platform/effects.ts';
import { AccountCode, systemAccountId, TransferCode } from '../platform/system-accounts.ts';

export type SettlementDeps = {
  pool: pg.Pool;
  engine: LedgerEngine;
  /** MDR of merchants without their own (`merchants.mdr_bps` NULL), in basis points. */
  defaultMdrBps: number;
  /** How long after a day's cut-off (midnight Shanghai) it is settled: late postings land first. */
  delaySeconds: number;
  clock?: () => Date;
};

/** What settling one merchant's day did. */
export type DayOutcome = 'paid' | 'nothing_to_settle' | 'already_settled';

const CNY = 156;
const FEE_INCOME = systemAccountId(CNY, AccountCode.feeIncome);
const CLEARING = systemAccountId(CNY, AccountCode.interbankClearing);

/**
 * Daily merchant settlement (issue 5, part 1). For a business day D, after its cut-off: what the
 * account received before the cut-off and not yet settled (capped at what it holds now, refunds
 * after the cut-off having come out of it) is paid out as two LINKED transfers — the MDR fee to
 * fee income (code 31) and the rest to interbank clearing for the merchant's bank account (code 30).
 * Their ids are derived from (merchant, D): the ledger accepts them once, ever; the row, the
 * `settlement.paid` webhook event and the owners' notifications are written by the commit hook with
 * the money, and the row's (merchant, day) uniqueness makes a second settlement fail whole. So two
 * servers (or a server and `yinbao settle`) may run it at once.
 */
export function createSettlementFlow(deps: SettlementDeps) {
  const clock = deps.clock ?? (() => new Date());

  /** The last business day whose cut-off (plus the delay) has passed. */
  const lastDueDate = (now: Date) =>
    businessDateOf(new Date(now.getTime() - deps.delaySeconds * 1000 - 86_400_000));

  async function settleDay(m: SettlingMerchant, date: string): Promise<DayOutcome> {
    if (await settlementExists(deps.pool, m.id, date)) return 'already_settled';
    const { from, cutoff } = dayBounds(date);
    const f = await dayFigures(deps.pool, m.accountId, from, cutoff);
    const bps = m.mdrBps ?? deps.defaultMdrBps;
    const settled = [f.unsettled, f.available].reduce((a, b) => (b < a ? b : a));
    const amount = settled > 0n ? settled : 0n;
    const fee = [mdrFee(f.gross, bps), amount].reduce((a, b) => (b < a ? b : a));
    const net = amount - fee;
    const feeId = uuidFromName(`settlement-fee:${m.id}:${date}`);
    const payoutId = uuidFromName(`settlement-payout:${m.id}:${date}`);
    const row: SettlementRow = {
      id: uuidFromName(`settlement:${m.id}:${date}`),
      merchantId: m.id,
      businessDate: date,
      currency: 'CNY',
      gross: f.gross,
      refunds: f.refunds,
      mdrBps: bps,
      fee,
      net,
      status: amount > 0n ? 'paid' : 'nothing_to_settle',
      feeTransferId: fee > 0n ? feeId : null,
      payoutTransferId: net > 0n ? payoutId : null,
      bankName: m.bankName,
      bankLast4: m.bankLast4,
      cutoffAt: cutoff,
      createdAt: clock(),
    };
    if (amount === 0n) {
      return (await insertEmptySettlement(deps.pool, row)) ? 'nothing_to_settle' : 'already_settled';
    }

    const dec = (v: bigint) => toDecimalString(v, 'CNY');
    const data = {
      settlementId: row.id,
      businessDate: date,
      currency: 'CNY',
      gross: dec(f.gross),
      refunds: dec(f.refunds),
      mdrBps: bps,
      fee: dec(fee),
      net: dec(net),
      bankAccount: { bankName: m.bankName, masked: `•••• ${m.bankLast4}` },
      feeTransferId: row.feeTransferId,
      payoutTransferId: row.payoutTransferId,
    };
    const effects = [
      settlementRowEffect(row),
      merchantEventEffect(m.id, 'settlement.paid', data, eventIdFrom(`settlement.paid:${m.id}:${date}`)),
      ...m.owners.map((owner) =>
        outboxEffect({
          id: uuidFromName(`evt:settlement-paid:${row.id}:${owner}`),
          topic: 'merchant.settlement_paid',
          customerId: owner,
          payload: {
            ...data,
            merchantId: m.id,
            notification: {
              customerId: owner,
              kind: 'merchant_settlement_paid',
              title: '结算到账 Settlement paid',
              body: `${m.businessName} ${date}: ${formatMoney(net, 'CNY', 'zh-CN')} → •••• ${m.bankLast4}（手续费 fee ${formatMoney(fee, 'CNY', 'zh-CN')}）`,
              data: { merchantId: m.id, settlementId: row.id },
            },
          },
        }),
      ),
    ];
    const userData = { kind: 'settlement', merchantId: m.id, businessDate: date, settlementId: row.id };
    const legs: TransferInput[] = [];
    if (fee > 0n)
      legs.push({
        id: feeId,
        debitAccountId: m.accountId,
        creditAccountId: FEE_INCOME,
        amount: fee,
        ledger: CNY,
        code: TransferCode.mdrFee,
        userData: { ...userData, mdrBps: bps },
      });
    if (net > 0n)
      legs.push({
        id: payoutId,
        debitAccountId: m.accountId,
        creditAccountId: CLEARING,
        amount: net,
        ledger: CNY,
        code: TransferCode.settlementPayout,
        userData: { ...userData, bankName: m.bankName, bankLast4: m.bankLast4 },
      });
    // Linked: the fee and the payout are booked together or not at all; effects ride on the last.
    for (let i = 0; i < legs.length - 1; i++) legs[i]!.flags = TransferFlags.linked;
    legs[legs.length - 1]!.effects = effects;

    const results = await deps.engine.submit(legs);
    if (results.every((r) => r.ok)) {
      return results.every((r) => r.ok && r.status === 'exists') ? 'already_settled' : 'paid';
    }
    // Another run settled the day first (with figures read a moment apart): its row stands.
    if (await settlementExists(deps.pool, m.id, date)) return 'already_settled';
    const failed = results.find((r) => !r.ok && r.code !== 'LINKED_EVENT_FAILED') ?? results[0]!;
    throw new Error(`settlement of ${m.id} for ${date} refused: ${failed.ok ? 'unknown' : failed.code}`);
  }

  /** Every day of a merchant not yet settled, oldest first, up to `until` (default: the last due day). */
  async function settleMerchant(m: SettlingMerchant, until: string): Promise<number> {
    if (!m.firstActivity && !m.lastSettled) return 0;
    let date = m.lastSettled ? nextDate(m.lastSettled) : businessDateOf(m.firstActivity!);
    let n = 0;
    while (date <= until) {
      if ((await settleDay(m, date)) !== 'already_settled') n++;
      date = nextDate(date);
    }
    return n;
  }

  return {
    lastDueDate,
    /**
     * Settles every active merchant's due days (all days up to `date` when given, which must be
     * due); resolves to how many day rows this run wrote.
     */
    async settleDue(date?: string): Promise<number> {
      const due = lastDueDate(clock());
      const until = date && date < due ? date : due;
      let n = 0;
      const failed: string[] = [];
      // One merchant's refusal (e.g. a refund racing the payout) does not hold up the others.
      for (const m of await settlingMerchants(deps.pool)) {
        try {
          n += await settleMerchant(m, until);
        } catch (e) {
          failed.push((e as Error).message);
        }
      }
      if (failed.length > 0) throw new Error(`settlement: ${n} day(s) settled; ${failed.join('; ')}`);
      return n;
    },
  };
}

export type SettlementFlow = ReturnType<typeof createSettlementFlow>;
