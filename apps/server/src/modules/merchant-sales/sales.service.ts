import { toDecimalString } from '@yinbao/money';
import type pg from 'pg';
import { err, ok, type Result } from '../../platform/errors.ts';
import { maskName } from '../../platform/mask.ts';
import { TransferCode } from '../../platform/system-accounts.ts';
import type { MerchantsService } from '../merchants/merchants.service.ts';
import { businessDateOf, dayBounds, isDate, nextDate } from '../settlements/business-day.ts';
import type { SalesError } from './sales.errors.ts';
import {
  type DayRow,
  incomingPayments,
  merchantAccount,
  type PaymentRow,
  salesByDay,
} from './sales.repository.ts';
import type { TMerchantPayment, TPaymentsQuery, TSales, TSalesQuery } from './sales.schema.ts';

/** The longest range of days one sales answer covers, and the default one. */
export const MAX_SALES_DAYS = 92;
export const DEFAULT_SALES_DAYS = 30;
const DAY_MS = 24 * 3600_000;
const CURRENCY = 'CNY';

const money = (v: bigint) => ({ amount: toDecimalString(v, CURRENCY), currency: CURRENCY });
const addDays = (date: string, n: number) =>
  businessDateOf(new Date(dayBounds(date).from.getTime() + n * DAY_MS));

/** The days asked for, checked: defaults to the last 30 Shanghai days up to today. */
export function salesRange(q: TSalesQuery, today: string): Result<{ from: string; to: string }, SalesError> {
  const to =
    q.to ?? (q.from && isDate(q.from) ? minDate(addDays(q.from, DEFAULT_SALES_DAYS - 1), today) : today);
  const from = q.from ?? addDays(to, -(DEFAULT_SALES_DAYS - 1));
  if (!isDate(from) || !isDate(to) || from > to) return err('INVALID_DATE_RANGE');
  if (addDays(from, MAX_SALES_DAYS - 1) < to)
    return err('INVALID_DATE_RANGE', undefined, { maxDays: MAX_SALES_DAYS });
  return ok({ from, to });
}
const minDate = (a: string, b: string) => (a < b ? a : b);

function method(p: PaymentRow): TMerchantPayment['method'] {
  if (p.code === TransferCode.qrPayment) return 'qr';
  if (p.code === TransferCode.orderPayment) return 'order';
  return p.userData.method === 'nfc' ? 'nfc' : 'pay_code';
}

function paymentView(p: PaymentRow): TMerchantPayment {
  const ud = p.userData as { reference?: string | null; orderId?: string; from?: { name?: string } };
  return {
    id: p.id,
    method: method(p),
    amount: { amount: toDecimalString(p.amount, CURRENCY), currency: CURRENCY },
    reference: ud.reference ?? null,
    orderId: ud.orderId ?? null,
    payerMasked: maskName(ud.from?.name ?? ''),
    createdAt: p.createdAt.toISOString(),
  };
}

/**
 * A merchant's takings for its owners and cashiers, read from its ledger account: sales per
 * Asia/Shanghai day and the incoming payments. Another merchant's id answers like a missing one.
 */
export function createMerchantSalesService(deps: {
  pool: pg.Pool;
  merchants: Pick<MerchantsService, 'access'>;
  clock: () => Date;
}) {
  const { pool } = deps;

  async function accountFor(
    customerId: string,
    merchantId: string,
  ): Promise<Result<string | null, SalesError>> {
    if (!(await deps.merchants.access(customerId, merchantId))) return err('MERCHANT_NOT_FOUND');
    return ok(await merchantAccount(pool, merchantId, CURRENCY));
  }

  return {
    async sales(customerId: string, merchantId: string, q: TSalesQuery): Promise<Result<TSales, SalesError>> {
      const account = await accountFor(customerId, merchantId);
      if (!account.ok) return account;
      const range = salesRange(q, businessDateOf(deps.clock()));
      if (!range.ok) return range;
      const { from, to } = range.value;
      const found = account.value
        ? await salesByDay(pool, account.value, dayBounds(from).from, dayBounds(to).cutoff)
        : [];
      const byDate = new Map(found.map((d) => [d.date, d]));
      const days: DayRow[] = [];
      for (let d = from; d <= to; d = nextDate(d))
        days.push(byDate.get(d) ?? { date: d, count: 0, gross: 0n, refunds: 0n });
      const gross = days.reduce((s, d) => s + d.gross, 0n);
      const refunds = days.reduce((s, d) => s + d.refunds, 0n);
      return ok({
        currency: CURRENCY,
        from,
        to,
        days: days.map((d) => ({
          date: d.date,
          count: d.count,
          gross: money(d.gross),
          refunds: money(d.refunds),
        })),
        totals: {
          count: days.reduce((s, d) => s + d.count, 0),
          gross: money(gross),
          refunds: money(refunds),
          net: money(gross - refunds),
        },
      });
    },

    async payments(customerId: string, merchantId: string, q: TPaymentsQuery) {
      const account = await accountFor(customerId, merchantId);
      if (!account.ok) return account;
      if (!account.value) return ok({ items: [], nextCursor: null });
      const rows = await incomingPayments(pool, account.value, { beforeSeq: q.cursor, limit: q.limit });
      return ok({
        items: rows.map(paymentView),
        nextCursor: rows.length === q.limit ? rows[rows.length - 1]!.seq : null,
      });
    },
  };
}

export type MerchantSalesService = ReturnType<typeof createMerchantSalesService>;
