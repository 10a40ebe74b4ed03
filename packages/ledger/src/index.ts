import { fileURLToPath } from 'node:url';

/** Directory of the ledger's SQL migrations (versions 0001–0099). */
export const ledgerMigrationsDir = fileURLToPath(new URL('../migrations', import.meta.url));
