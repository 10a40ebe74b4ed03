import { fileURLToPath } from 'node:url';

/** Directory of the ledger's SQL migrations (versions 0001–0099). */
export const ledgerMigrationsDir = fileURLToPath(new URL('../migrations', import.meta.url));

export type { CreateAccountResult } from './accounts.ts';
export { createAccounts, lookupAccounts, lookupTransfers, updateAccountSettings } from './accounts.ts';
export { canonicalJson } from './canonical.ts';
export type { CommitHook, EngineOptions, EngineStats, LedgerEngine } from './engine.ts';
export { createLedgerEngine } from './engine.ts';
export { uuidFromName, uuidv7 } from './ids.ts';
export { type BalanceBreak, type Reconciliation, reconcileLedger } from './reconcile.ts';
export { availableBalance, rowToTransfer, TRANSFER_COLUMNS } from './rows.ts';
export { expirePendingTransfers } from './sweeper.ts';
export * from './types.ts';
export type { Accepted } from './validate.ts';
