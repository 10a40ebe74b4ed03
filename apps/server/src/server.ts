import { createLedgerEngine, expirePendingTransfers, type LedgerEngine } from '@yinbao/ledger';
import type pg from 'pg';
import { createP2pTransferFlow } from './flows/p2p-transfer.ts';
import { createIdentityService, identityRoutes } from './modules/identity/index.ts';
import { notificationRoutes, notifyCustomer } from './modules/notifications/index.ts';
import { createRiskService } from './modules/risk/index.ts';
import { transferRoutes } from './modules/transfers/index.ts';
import { createWalletsService, walletRoutes } from './modules/wallets/index.ts';
import type { Config } from './platform/config.ts';
import { createCommitHook, type EffectHandler } from './platform/effects.ts';
import { type App, createHttpApp } from './platform/http/app.ts';
import { createLogger, type Logger } from './platform/logger.ts';
import { createMetrics, type Metrics } from './platform/metrics.ts';
import { createOutboxWorker, type OutboxHandler, type OutboxWorker } from './platform/outbox.ts';

export type ServerDeps = {
  config: Config;
  pool: pg.Pool;
  logger?: Logger;
  clock?: () => Date;
  /** Start the outbox worker and the expiry sweeper (tests may drive them by hand). */
  background?: boolean;
};

export type Server = {
  app: App;
  engine: LedgerEngine;
  outbox: OutboxWorker;
  metrics: Metrics;
  sweep: () => Promise<number>;
  close: () => Promise<void>;
};

/** The composition root: every service is built here, by hand, from explicit dependencies. */
export async function buildServer(deps: ServerDeps): Promise<Server> {
  const { config, pool } = deps;
  const logger = deps.logger ?? createLogger({ level: config.logLevel });
  const clock = deps.clock ?? (() => new Date());
  const metrics = createMetrics();

  const effectHandlers: Record<string, EffectHandler> = {};
  const outboxHandlers: Record<string, OutboxHandler[]> = {
    'transfer.completed': [notifyCustomer],
    'transfer.received': [notifyCustomer],
    'transfer.held': [notifyCustomer],
  };
  let outbox: OutboxWorker | undefined;
  const engine = createLedgerEngine({
    pool,
    clock,
    onCommit: createCommitHook(effectHandlers, () => outbox?.wake()),
  });

  const wallets = createWalletsService({ pool, tiers: config.tiers, clock });
  const identity = createIdentityService({
    pool,
    sessionTtlSeconds: config.sessionTtlSeconds,
    openWallet: (tx, customerId) => wallets.openWallet(tx, customerId),
    walletIdOf: async (customerId) => (await wallets.walletOfCustomer(customerId))?.id ?? null,
  });
  const risk = createRiskService({ pool, rules: config.risk });
  const p2p = createP2pTransferFlow({ pool, engine, wallets, identity, risk, clock });

  const app = await createHttpApp({ pool, logger, metrics, authenticate: identity.authenticate });
  identityRoutes(app, identity);
  walletRoutes(app, wallets);
  transferRoutes(app, p2p);
  notificationRoutes(app, { db: pool });

  outbox = createOutboxWorker({ pool, handlers: outboxHandlers, logger, metrics });
  const sweep = () => expirePendingTransfers(pool, engine, { now: clock() });
  let sweeper: NodeJS.Timeout | undefined;
  if (deps.background !== false) {
    outbox.start();
    sweeper = setInterval(() => {
      sweep().catch((e) => logger.warn({ err: (e as Error).message }, 'expiry sweep failed'));
    }, 1000);
  }

  return {
    app,
    engine,
    outbox,
    metrics,
    sweep,
    async close() {
      if (sweeper) clearInterval(sweeper);
      await app.close();
      await outbox?.stop();
      await engine.close();
    },
  };
}
