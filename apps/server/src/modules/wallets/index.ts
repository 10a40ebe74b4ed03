export { DEFAULT_TIERS, entryTier, limitKeys, parseTierTable, type Tier, type TierTable } from './tiers.ts';
export { walletErrors, walletRoutes } from './wallets.routes.ts';
export { createWalletsService, currencyOfLedger, ledgerOf, type WalletsService } from './wallets.service.ts';
