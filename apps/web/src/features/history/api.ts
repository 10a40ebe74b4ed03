import { useQuery } from '@tanstack/react-query';
import { api, client, unwrap } from '../../api.ts';
import { currentSession } from '../../session.ts';

/** The history feature's calls: the wallet's transactions (filtered, paged), one of them, a month's totals. */
export type Transaction = {
  id: string;
  kind: 'p2p' | 'topup' | 'withdrawal' | 'adjustment' | 'other';
  direction: 'in' | 'out';
  amount: { amount: string; currency: string };
  status: 'completed' | 'pending' | 'held' | 'cancelled' | 'expired';
  counterparty: { name: string | null; walletId: string | null };
  note: string | null;
  createdAt: string;
};
export type HistoryPage = { items: Transaction[]; nextCursor: string | null };
export type MonthSummary = {
  month: string;
  timeZone: string;
  currency: string;
  totalIn: { amount: string; currency: string };
  totalOut: { amount: string; currency: string };
  countIn: number;
  countOut: number;
  days: { date: string; in: string; out: string }[];
  byKind: { kind: Transaction['kind']; in: string; out: string }[];
};

/** The filters as the API takes them (from/to are ISO 8601 instants). */
export type HistoryFilter = {
  q?: string;
  direction?: 'in' | 'out';
  kind?: 'p2p' | 'topup' | 'withdrawal' | 'adjustment';
  from?: string;
  to?: string;
  minAmount?: string;
  maxAmount?: string;
};

export const historyApi = {
  page: (walletId: string, filter: HistoryFilter, cursor?: string): Promise<HistoryPage> =>
    unwrap(
      client.GET('/v1/wallets/{walletId}/transactions', {
        params: { path: { walletId }, query: { ...filter, limit: 20, ...(cursor ? { cursor } : {}) } },
      }),
    ) as Promise<HistoryPage>,
  one: (walletId: string, transactionId: string): Promise<Transaction> =>
    unwrap(
      client.GET('/v1/wallets/{walletId}/transactions/{transactionId}', {
        params: { path: { walletId, transactionId } },
      }),
    ) as Promise<Transaction>,
  summary: (walletId: string, month?: string): Promise<MonthSummary> =>
    unwrap(
      client.GET('/v1/wallets/{walletId}/summary', {
        params: { path: { walletId }, query: month ? { month } : {} },
      }),
    ) as Promise<MonthSummary>,
};

/** The signed-in customer's wallet id (the same query as home's, so it is usually cached). */
export function useWalletId() {
  const token = currentSession()?.token ?? '';
  const me = useQuery({ queryKey: ['me', token], queryFn: () => api.me(token), enabled: !!token });
  return { walletId: me.data?.walletId, error: me.error };
}
