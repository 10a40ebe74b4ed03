import { AccountFlags, createAccounts, lookupAccounts, updateAccountSettings, uuidv7 } from '@yinbao/ledger';
import {
  type CurrencyCode,
  currencyByNumeric,
  getCurrency,
  parseAmount,
  toDecimalString,
} from '@yinbao/money';
import type pg from 'pg';
import { createBatchLoader } from '../../platform/db/batch-loader.ts';
import { err, ok, type Result } from '../../platform/errors.ts';
import type { Executor } from '../../platform/sql.ts';
import { AccountCode, TransferCode } from '../../platform/system-accounts.ts';
import { entryTier, limitKeys, type Tier, type TierTable } from './tiers.ts';
import * as repo from './wallets.repository.ts';

export type WalletError = 'WALLET_NOT_FOUND' | 'INVALID_FILTER' | 'UNKNOWN_TIER' | 'TRANSACTION_NOT_FOUND';

export const SUMMARY_TIME_ZONE = 'Asia/Shanghai';

const KIND_BY_CODE: Record<number, 'p2p' | 'topup' | 'withdrawal' | 'adjustment'> = {
  [TransferCode.p2p]: 'p2p',
  [TransferCode.topup]: 'topup',
  [TransferCode.withdrawal]: 'withdrawal',
  [TransferCode.adjustment]: 'adjustment',
};
const CODE_BY_KIND = Object.fromEntries(Object.entries(KIND_BY_CODE).map(([c, k]) => [k, Number(c)]));

export const currencyOfLedger = (ledger: number) =>
  currencyByNumeric(String(ledger).padStart(3, '0'))!.code as CurrencyCode;
export const ledgerOf = (currency: string) => {
  const c = getCurrency(currency);
  return c ? Number(c.numeric) : null;
};
const dec = (v: bigint, c: CurrencyCode) => toDecimalString(v, c);
const moneyOrNull = (v: bigint | null) => (v === null ? null : { amount: dec(v, 'CNY'), currency: 'CNY' });

export type WalletsDeps = { pool: pg.Pool; tiers: TierTable; clock?: () => Date };

export function createWalletsService(deps: WalletsDeps) {
  const clock = deps.clock ?? (() => new Date());
  // The payment paths read a wallet or two per request: concurrent reads share one query each.
  const walletOf = createBatchLoader({ load: (ids: string[]) => repo.walletsOfCustomers(deps.pool, ids) });
  const walletWithId = createBatchLoader({
    id: (id: string) => id.toLowerCase(),
    load: (ids: string[]) => repo.walletsByIds(deps.pool, ids),
  });
  const accountOfWallet = createBatchLoader({
    id: (p: { walletId: string; currency: string }) => `${p.walletId.toLowerCase()}:${p.currency}`,
    load: (pairs: Array<{ walletId: string; currency: string }>) => repo.accountsOfWallets(deps.pool, pairs),
  });
  // A wallet's account in a currency never changes once opened: found ones are kept (bounded).
  const knownAccounts = new Map<string, string>();
  async function cachedAccountOf(walletId: string, currency: string) {
    const k = `${walletId.toLowerCase()}:${currency}`;
    const hit = knownAccounts.get(k);
    if (hit) return hit;
    const found = await accountOfWallet({ walletId, currency });
    if (found) {
      if (knownAccounts.size >= 100_000) knownAccounts.clear();
      knownAccounts.set(k, found);
    }
    return found;
  }
  const tierOf = (n: number): Tier => deps.tiers.get(n) ?? entryTier(deps.tiers);

  /** The caller's wallet, or WALLET_NOT_FOUND for anyone else's id — the same answer as a missing one. */
  async function owned(customerId: string, walletId: string) {
    const w = await repo.walletById(deps.pool, walletId);
    return w && w.customerId === customerId ? w : null;
  }

  const cnyAccount = async (walletId: string) =>
    (await repo.walletAccounts(deps.pool, walletId)).find((a) => a.currency === 'CNY')?.accountId ?? null;

  return {
    tierOf,
    /** Opens the wallet and its CNY account inside the sign-up transaction. */
    async openWallet(tx: pg.PoolClient, customerId: string) {
      const tier = entryTier(deps.tiers);
      const walletId = uuidv7();
      const accountId = uuidv7();
      await repo.insertWallet(tx, { id: walletId, customerId, tier: tier.tier });
      const [acct] = await createAccounts(tx, [
        {
          id: accountId,
          ledger: 156,
          code: AccountCode.customerWallet,
          ownerId: walletId,
          flags: AccountFlags.debitsMustNotExceedCredits,
          maxCreditBalance: tier.balanceCap,
        },
      ]);
      if (!acct?.ok) throw new Error('could not open the wallet account');
      await repo.insertWalletAccount(tx, { walletId, currency: 'CNY', accountId });
      return { walletId };
    },

    /** `db`: a transaction to read inside (defaults to the pool). */
    walletOfCustomer: async (customerId: string, db?: Executor) =>
      db ? repo.walletOfCustomer(db, customerId) : ((await walletOf(customerId)) ?? null),
    walletById: async (walletId: string) => (await walletWithId(walletId)) ?? null,
    accountOf: async (walletId: string, currency: string) =>
      (await repo.walletAccounts(deps.pool, walletId)).find((a) => a.currency === currency)?.accountId ??
      null,
    /** The ledger accounts of several wallets in one currency, in one query. */
    accountsOf: async (walletIds: string[], currency: string) => {
      const found = await Promise.all(walletIds.map((walletId) => cachedAccountOf(walletId, currency)));
      const byWallet = new Map<string, string>();
      walletIds.forEach((id, i) => {
        if (found[i]) byWallet.set(id, found[i]!);
      });
      return byWallet;
    },
    owned,
    /** Freeze (active → frozen) or lift it (frozen → active), in the caller's transaction. */
    setStatus: (
      db: pg.Pool | pg.PoolClient,
      walletId: string,
      to: 'active' | 'frozen',
      by: 'customer' | 'bank' = 'customer',
    ) => repo.setWalletStatus(db, walletId, to, by),

    async describe(customerId: string, walletId: string) {
      const w = await owned(customerId, walletId);
      if (!w) return err('WALLET_NOT_FOUND' as const);
      const accts = await repo.walletAccounts(deps.pool, w.id);
      const ledgerAccounts = await lookupAccounts(
        deps.pool,
        accts.map((a) => a.accountId),
      );
      const tier = tierOf(w.tier);
      const keys = limitKeys(w.id, clock());
      const { rows } = await deps.pool.query('SELECT key, used FROM ledger_limit_usage WHERE key = ANY($1)', [
        [keys.day, keys.year],
      ]);
      const used = (k: string) => (rows.find((r) => r.key === k)?.used as bigint | undefined) ?? 0n;
      return ok({
        id: w.id,
        tier: w.tier,
        tierName: tier.name,
        status: w.status,
        createdAt: w.createdAt.toISOString(),
        balances: ledgerAccounts.map((a) => {
          const c = currencyOfLedger(a.ledger);
          return {
            currency: c,
            available: dec(a.creditsPosted - a.debitsPosted - a.debitsPending, c),
            posted: dec(a.creditsPosted - a.debitsPosted, c),
            pendingIncoming: dec(a.creditsPending, c),
            pendingOutgoing: dec(a.debitsPending, c),
          };
        }),
        limits: {
          balanceCap: moneyOrNull(tier.balanceCap),
          singleLimit: moneyOrNull(tier.singleLimit),
          dailyLimit: moneyOrNull(tier.dailyLimit),
          annualLimit: moneyOrNull(tier.annualLimit),
          usedToday: { amount: dec(used(keys.day), 'CNY'), currency: 'CNY' },
          usedThisYear: { amount: dec(used(keys.year), 'CNY'), currency: 'CNY' },
        },
      });
    },

    async history(
      customerId: string,
      walletId: string,
      q: HistoryQuery,
    ): Promise<Result<HistoryPage, WalletError>> {
      const w = await owned(customerId, walletId);
      if (!w) return err('WALLET_NOT_FOUND');
      const accountId = (await repo.walletAccounts(deps.pool, w.id)).find(
        (a) => a.currency === 'CNY',
      )?.accountId;
      if (!accountId) return err('WALLET_NOT_FOUND');
      const amt = (s: string | undefined) =>
        s === undefined
          ? { ok: true as const, value: undefined }
          : parseAmount(s, 'CNY', { allowZero: true });
      const min = amt(q.minAmount);
      const max = amt(q.maxAmount);
      if (!min.ok || !max.ok)
        return err('INVALID_FILTER', 'minAmount and maxAmount are decimal amounts like "10.50"');
      const rows = await repo.history(deps.pool, {
        accountId,
        limit: q.limit,
        beforeSeq: q.cursor ? BigInt(q.cursor) : undefined,
        direction: q.direction,
        codes: q.kind ? [CODE_BY_KIND[q.kind]!] : undefined,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        minAmount: min.value,
        maxAmount: max.value,
        q: q.q,
      });
      const page = rows.slice(0, q.limit);
      return ok({
        items: page.map((r) => historyItem(r, accountId)),
        nextCursor: rows.length > q.limit ? String(page[page.length - 1]!.seq) : null,
      });
    },

    /** One transaction of the wallet, shaped like a history item; anyone else's is TRANSACTION_NOT_FOUND. */
    async transaction(customerId: string, walletId: string, transactionId: string) {
      const w = await owned(customerId, walletId);
      if (!w) return err('WALLET_NOT_FOUND' as const);
      const accountId = await cnyAccount(w.id);
      if (!accountId) return err('WALLET_NOT_FOUND' as const);
      const row = await repo.transactionOf(deps.pool, accountId, transactionId);
      if (!row) return err('TRANSACTION_NOT_FOUND' as const);
      return ok(historyItem(row, accountId));
    },

    /**
     * A month's totals in and out, per day and per kind (days and month in Asia/Shanghai), from the
     * rows the history lists; only settled money counts (see repo.monthTotals).
     */
    async summary(customerId: string, walletId: string, month?: string) {
      const w = await owned(customerId, walletId);
      if (!w) return err('WALLET_NOT_FOUND' as const);
      const accountId = await cnyAccount(w.id);
      if (!accountId) return err('WALLET_NOT_FOUND' as const);
      // China keeps no daylight saving time: the month runs from the 1st 00:00 +08:00.
      const m = month ?? new Date(clock().getTime() + 8 * 3600_000).toISOString().slice(0, 7);
      const [y, mo] = m.split('-').map(Number) as [number, number];
      const from = shanghaiMonthStart(y, mo);
      const to = shanghaiMonthStart(y, mo + 1);
      const rows = await repo.monthTotals(deps.pool, accountId, from, to, SUMMARY_TIME_ZONE);
      const dayCount = Math.round((to.getTime() - from.getTime()) / 86_400_000);
      const days = new Map<string, { in: bigint; out: bigint }>();
      for (let d = 1; d <= dayCount; d++) days.set(`${m}-${String(d).padStart(2, '0')}`, { in: 0n, out: 0n });
      const kinds = new Map<string, { in: bigint; out: bigint }>();
      let totalIn = 0n;
      let totalOut = 0n;
      let countIn = 0;
      let countOut = 0;
      for (const r of rows) {
        const v = BigInt(r.total);
        const dir = r.out ? 'out' : 'in';
        const day = days.get(r.day);
        if (day) day[dir] += v;
        const kind = KIND_BY_CODE[Number(r.code)] ?? 'other';
        const k = kinds.get(kind) ?? { in: 0n, out: 0n };
        k[dir] += v;
        kinds.set(kind, k);
        if (r.out) {
          totalOut += v;
          countOut += r.n;
        } else {
          totalIn += v;
          countIn += r.n;
        }
      }
      const c = 'CNY' as const;
      return ok({
        month: m,
        timeZone: SUMMARY_TIME_ZONE,
        currency: c,
        totalIn: { amount: dec(totalIn, c), currency: c },
        totalOut: { amount: dec(totalOut, c), currency: c },
        countIn,
        countOut,
        days: [...days].map(([date, v]) => ({ date, in: dec(v.in, c), out: dec(v.out, c) })),
        byKind: [...kinds].map(([kind, v]) => ({
          kind: kind as HistoryItem['kind'],
          in: dec(v.in, c),
          out: dec(v.out, c),
        })),
      });
    },

    /**
     * Moves a wallet to another tier and applies the tier's balance cap to its CNY account, in `db`
     * (a transaction of the caller, or the pool). Lowering never destroys money: when the wallet
     * already holds more than the lower cap, the cap is set to what it holds (inflows stop; outflows
     * and the lower tier's payment limits apply at once). Returns the cap actually applied.
     */
    async setTier(
      walletId: string,
      tierNo: number,
      db: Executor = deps.pool,
    ): Promise<Result<{ tier: number; balanceCap: bigint | null; capClamped: boolean }, WalletError>> {
      const tier = deps.tiers.get(tierNo);
      if (!tier) return err('UNKNOWN_TIER');
      await repo.setWalletTier(db, walletId, tierNo);
      let applied = tier.balanceCap;
      for (const a of await repo.walletAccounts(db, walletId)) {
        if (a.currency === 'CNY') {
          const r = await updateAccountSettings(db, a.accountId, {
            maxCreditBalance: tier.balanceCap,
            clampToHeld: true,
          });
          applied = r?.maxCreditBalance ?? null;
        }
      }
      return ok({ tier: tierNo, balanceCap: applied, capClamped: applied !== tier.balanceCap });
    },
  };
}

export type HistoryQuery = {
  limit: number;
  cursor?: string;
  direction?: 'in' | 'out';
  kind?: 'p2p' | 'topup' | 'withdrawal' | 'adjustment';
  from?: string;
  to?: string;
  minAmount?: string;
  maxAmount?: string;
  q?: string;
};
export type HistoryItem = ReturnType<typeof historyItem>;
export type HistoryPage = { items: HistoryItem[]; nextCursor: string | null };

function historyItem(r: Record<string, unknown>, accountId: string) {
  const c = currencyOfLedger(Number(r.ledger));
  const ud = (r.user_data ?? {}) as Record<string, unknown>;
  const out = r.debit_account_id === accountId;
  const flags = Number(r.flags);
  const res = r.res_flags === null ? null : Number(r.res_flags);
  let status: 'completed' | 'pending' | 'held' | 'cancelled' | 'expired' = 'completed';
  let amount = BigInt(r.amount as bigint);
  if ((flags & 2) !== 0) {
    if (res === null) status = ud.held ? 'held' : 'pending';
    else if ((res & 4) !== 0) amount = BigInt(r.res_amount as bigint);
    else status = (res & 16) !== 0 ? 'expired' : 'cancelled';
  }
  const party = (out ? ud.to : ud.from) as { name?: string; walletId?: string } | undefined;
  return {
    id: r.id as string,
    kind: KIND_BY_CODE[Number(r.code)] ?? ('other' as const),
    direction: out ? ('out' as const) : ('in' as const),
    amount: { amount: dec(amount, c), currency: c },
    status,
    counterparty: { name: party?.name ?? null, walletId: party?.walletId ?? null },
    note: typeof ud.note === 'string' ? ud.note : null,
    createdAt: (r.created_at as Date).toISOString(),
  };
}

export type WalletsService = ReturnType<typeof createWalletsService>;

/**
 * The 1st of a month, 00:00 in Asia/Shanghai (+08:00, no daylight saving); month 13 is January of
 * the next year. By arithmetic, not by parsing text: any year the query allows (0001–9999) works,
 * where "657-11-01" or "10000-01-01" were invalid dates that reached the database (a 503).
 */
function shanghaiMonthStart(year: number, month: number): Date {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, 1);
  return new Date(d.getTime() - 8 * 3_600_000);
}
