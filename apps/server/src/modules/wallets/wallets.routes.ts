import { type ErrorTable, failureToHttp } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { ZHistoryPage, ZHistoryQuery, ZWallet, ZWalletParams } from './wallets.schema.ts';
import type { WalletError, WalletsService } from './wallets.service.ts';

export const walletErrors: ErrorTable<WalletError> = {
  WALLET_NOT_FOUND: { status: 404, message: 'No such wallet' },
  INVALID_FILTER: { status: 400, message: 'The filter is not valid' },
  UNKNOWN_TIER: { status: 400, message: 'No such wallet tier' },
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
}
