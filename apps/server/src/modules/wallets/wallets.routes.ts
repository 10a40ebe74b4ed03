import { type ErrorTable, failureToHttp } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import {
  ZHistoryItem,
  ZHistoryPage,
  ZHistoryQuery,
  ZMonthSummary,
  ZSummaryQuery,
  ZTransactionParams,
  ZWallet,
  ZWalletParams,
} from './wallets.schema.ts';
import type { WalletError, WalletsService } from './wallets.service.ts';

export const walletErrors: ErrorTable<WalletError> = {
  WALLET_NOT_FOUND: { status: 404, message: 'No such wallet' },
  INVALID_FILTER: { status: 400, message: 'The filter is not valid' },
  UNKNOWN_TIER: { status: 400, message: 'No such wallet tier' },
  TRANSACTION_NOT_FOUND: { status: 404, message: 'No such transaction' },
};

const tags = ['wallets'];
const security = [{ session: [] }];

export function walletRoutes(app: App, wallets: WalletsService) {
  app.get(
    '/v1/wallets/:walletId',
    {
      config: { auth: 'customer' },
      schema: {
        tags,
        security,
        summary: 'Balances, tier and limits of one of your wallets',
        params: ZWalletParams,
        response: { 200: ZWallet },
      },
    },
    async (req) => {
      const r = await wallets.describe(req.customer!.id, req.params.walletId);
      if (!r.ok) throw failureToHttp(walletErrors, r);
      return r.value;
    },
  );
  app.get(
    '/v1/wallets/:walletId/transactions',
    {
      config: { auth: 'customer' },
      schema: {
        tags,
        security,
        summary: 'Transaction history, newest first, with filters and cursor pagination',
        params: ZWalletParams,
        querystring: ZHistoryQuery,
        response: { 200: ZHistoryPage },
      },
    },
    async (req) => {
      const r = await wallets.history(req.customer!.id, req.params.walletId, req.query);
      if (!r.ok) throw failureToHttp(walletErrors, r);
      return r.value;
    },
  );
  app.get(
    '/v1/wallets/:walletId/transactions/:transactionId',
    {
      config: { auth: 'customer' },
      schema: {
        tags,
        security,
        summary: 'One transaction of the wallet (the same shape as a history item)',
        params: ZTransactionParams,
        response: { 200: ZHistoryItem },
      },
    },
    async (req) => {
      const r = await wallets.transaction(req.customer!.id, req.params.walletId, req.params.transactionId);
      if (!r.ok) throw failureToHttp(walletErrors, r);
      return r.value;
    },
  );
  app.get(
    '/v1/wallets/:walletId/summary',
    {
      config: { auth: 'customer' },
      schema: {
        tags,
        security,
        summary: "A month's money in and out, per day and per kind (Asia/Shanghai), settled money only",
        params: ZWalletParams,
        querystring: ZSummaryQuery,
        response: { 200: ZMonthSummary },
      },
    },
    async (req) => {
      const r = await wallets.summary(req.customer!.id, req.params.walletId, req.query.month);
      if (!r.ok) throw failureToHttp(walletErrors, r);
      return r.value;
    },
  );
}
