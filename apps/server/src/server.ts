import { createLedgerEngine, expirePendingTransfers, type LedgerEngine } from '@yinbao/ledger';
import { createHttpSmsGateway } from '@yinbao/simulators';
import type pg from 'pg';
import { createCardCallbackFlow } from './flows/card-callbacks.ts';
import { createCardOutcomeCheck } from './flows/card-outcome-check.ts';
import { createCardTopupFlow } from './flows/card-topup.ts';
import { createCardWithdrawalFlow } from './flows/card-withdrawal.ts';
import { createMerchantPayoutFlow } from './flows/merchant-payout.ts';
import { createOrderPaymentFlow } from './flows/order-payment.ts';
import { createP2pTransferFlow } from './flows/p2p-transfer.ts';
import { createPosPaymentFlow } from './flows/pos-payment.ts';
import { createQrPaymentFlow } from './flows/qr-payment.ts';
import { createRefundFlow } from './flows/refund.ts';
import { createSettlementFlow } from './flows/settlement.ts';
import {
  CARD_OPERATION_TOPICS,
  cardEffectHandlers,
  cardOperationRoutes,
  cardRoutes,
  createCardNetworkClient,
  createCardsService,
  expireOperationEffect,
} from './modules/cards/index.ts';
import { createIdentityService, identityRoutes } from './modules/identity/index.ts';
import {
  createFaceCheckClient,
  createKycReviewService,
  createKycService,
  KYC_TOPICS,
  type KycReviewService,
  kycRoutes,
} from './modules/kyc/index.ts';
import { createMerchantSalesService, merchantSalesRoutes } from './modules/merchant-sales/index.ts';
import {
  type ApiKeysService,
  createApiKeysService,
  createMerchantReviewService,
  createMerchantsService,
  MERCHANT_TOPICS,
  type MerchantReviewService,
  type MerchantsService,
  merchantApiRoutes,
  merchantRoutes,
  staffMerchantRoutes,
} from './modules/merchants/index.ts';
import { createNfcService, nfcRoutes } from './modules/nfc/index.ts';
import { notificationRoutes, notifyCustomer } from './modules/notifications/index.ts';
import {
  createOrdersService,
  ORDER_TOPICS,
  orderEffectHandlers,
  orderRoutes,
} from './modules/orders/index.ts';
import { createPasskeysService, passkeyRoutes } from './modules/passkeys/index.ts';
import { createPayCodesService, payCodeRoutes } from './modules/pay-codes/index.ts';
import { PAYOUT_TOPICS, payoutRoutes } from './modules/payouts/index.ts';
import {
  POS_PAYMENT_TOPICS,
  posEffectHandlers,
  posPaymentRoutes,
  posRepo,
} from './modules/pos-payments/index.ts';
import {
  createQrCodesService,
  QR_PAYMENT_TOPICS,
  qrEffectHandlers,
  qrRoutes,
} from './modules/qr-payments/index.ts';
import { createRiskService } from './modules/risk/index.ts';
import {
  controlsRoutes,
  createCustomerControls,
  createDeviceControls,
  createSecurityService,
  createTotp,
  deviceRoutes,
  securityRoutes,
} from './modules/security/index.ts';
import {
  createSettlementsService,
  SETTLEMENT_TOPICS,
  settlementEffectHandlers,
  settlementRoutes,
} from './modules/settlements/index.ts';
import {
  createApprovals,
  createStaffAuth,
  createStaffCustomers,
  type StaffAuth,
  staffKycRoutes,
  staffRoutes,
} from './modules/staff/index.ts';
import { transferRoutes } from './modules/transfers/index.ts';
import { createWalletsService, entryTier, walletRoutes } from './modules/wallets/index.ts';
import {
  createWebhooksService,
  createWebhookWorker,
  type WebhooksService,
  type WebhookWorker,
  webhookEffectHandlers,
  webhookRoutes,
} from './modules/webhooks/index.ts';
import type { Config } from './platform/config.ts';
import { createCommitHook, type EffectHandler } from './platform/effects.ts';
import { housekeeping } from './platform/housekeeping.ts';
import { type App, createHttpApp } from './platform/http/app.ts';
import { idempotencyEffectHandlers } from './platform/http/idempotency-ledger.ts';
import { type Keyring, masterKeyOf, startKeyring } from './platform/keyring.ts';
import { createLogger, type Logger } from './platform/logger.ts';
import { createMetrics, type Metrics } from './platform/metrics.ts';
import { createOutboxWorker, type OutboxHandler, type OutboxWorker } from './platform/outbox.ts';
import { type PollingLoop, pollingLoop } from './platform/polling-loop.ts';

export type ServerDeps = {
  config: Config;
  pool: pg.Pool;
  logger?: Logger;
  clock?: () => Date;
  /** Start the outbox worker and the expiry sweeper (tests may drive them by hand). */
  background?: boolean;
  /** The built web app to serve at `/` (see platform/http/web.ts). */
  webRoot?: string;
};

export type Server = {
  app: App;
  /** Back-office accounts (the CLI and demo seed create staff through it). */
  staffAuth: StaffAuth;
  keyring: Keyring;
  engine: LedgerEngine;
  outbox: OutboxWorker;
  metrics: Metrics;
  sweep: () => Promise<number>;
  /** The KYC staff review queue (staff routes wire to it). */
  kycReviews: KycReviewService;
  /** Merchants: applications, users; their staff review; their API keys (the demo seed uses them). */
  merchants: { service: MerchantsService; reviews: MerchantReviewService; keys: ApiKeysService };
  /** Merchant webhooks: endpoints and the delivery worker (tests run it with `runOnce`). */
  webhooks: { service: WebhooksService; worker: WebhookWorker };
  /** Daily merchant settlement: `runOnce()` settles every due day (tests drive it by hand). */
  settlements: PollingLoop;
  /** Asks the card network about operations whose callback never came (flows/card-outcome-check.ts). */
  cardOutcomes: PollingLoop;
  close: () => Promise<void>;
};

/** How often a server looks for data keys created by another process (`yinbao keys rotate`). */
export const KEY_REFRESH_MS = 5000;

/** How often the settlement job looks for business days that became due. */
const SETTLEMENT_POLL_MS = 60 * 1000;
/** How often card operations without their callback are looked for. */
const CARD_OUTCOME_POLL_MS = 2000;

/** A POS payment claimed for posting longer than this, with no ledger transfer, is declined. */
const POS_CLAIM_TIMEOUT_SECONDS = 60;
/** How often expired one-time security records are deleted (platform/housekeeping.ts). */
const HOUSEKEEPING_MS = 10 * 60 * 1000;

/** The composition root: every service is built here, by hand, from explicit dependencies. */
export async function buildServer(deps: ServerDeps): Promise<Server> {
  const { config, pool } = deps;
  // Data keys unwrapped by the master key (a wrong key stops the start here, changing nothing), and
  // personal data from before the keyring encrypted, before anything is served.
  const keyring = await startKeyring(pool, masterKeyOf(config));
  const vault = keyring;

  const logger = deps.logger ?? createLogger({ level: config.logLevel });
  const clock = deps.clock ?? (() => new Date());
  const metrics = createMetrics();

  const effectHandlers: Record<string, EffectHandler> = {
    ...cardEffectHandlers,
    ...qrEffectHandlers,
    ...orderEffectHandlers,
    ...posEffectHandlers,
    ...webhookEffectHandlers,
    ...settlementEffectHandlers,
    ...idempotencyEffectHandlers,
  };
  const outboxHandlers: Record<string, OutboxHandler[]> = {
    'transfer.completed': [notifyCustomer],
    'transfer.received': [notifyCustomer],
    'transfer.held': [notifyCustomer],
    'security.pin_changed': [notifyCustomer],
    'security.pin_locked': [notifyCustomer],
    'security.otp_locked': [notifyCustomer],
    'security.passkey_added': [notifyCustomer],
    'security.passkey_removed': [notifyCustomer],
    'security.passkey_locked': [notifyCustomer],
    'security.wallet_frozen': [notifyCustomer],
    'security.wallet_unfrozen': [notifyCustomer],
    'security.new_device': [notifyCustomer],
    'security.device_trusted': [notifyCustomer],
    'security.device_revoked': [notifyCustomer],
    'staff.wallet_frozen': [notifyCustomer],
    'staff.wallet_unfrozen': [notifyCustomer],
    'staff.balance_adjusted': [notifyCustomer],
    ...Object.fromEntries(CARD_OPERATION_TOPICS.map((t) => [t, [notifyCustomer]])),
    ...Object.fromEntries(KYC_TOPICS.map((t) => [t, [notifyCustomer]])),
    ...Object.fromEntries(MERCHANT_TOPICS.map((t) => [t, [notifyCustomer]])),
    ...Object.fromEntries(QR_PAYMENT_TOPICS.map((t) => [t, [notifyCustomer]])),
    ...Object.fromEntries(ORDER_TOPICS.map((t) => [t, [notifyCustomer]])),
    ...Object.fromEntries(PAYOUT_TOPICS.map((t) => [t, [notifyCustomer]])),
    ...Object.fromEntries(SETTLEMENT_TOPICS.map((t) => [t, [notifyCustomer]])),
    ...Object.fromEntries(POS_PAYMENT_TOPICS.map((t) => [t, [notifyCustomer]])),
  };
  let outbox: OutboxWorker | undefined;
  const engine = createLedgerEngine({
    pool,
    clock,
    onBatch: (n) => metrics.ledgerBatch.observe(n),
    onCommit: createCommitHook(effectHandlers, () => outbox?.wake(), outboxHandlers),
  });

  const wallets = createWalletsService({ pool, tiers: config.tiers, clock });
  const hmacKey = (purpose: string) => keyring.hmacKey(purpose);
  const smsGateway = createHttpSmsGateway({ url: () => config.sms.url, secret: config.sms.secret });
  const identity = createIdentityService({
    pool,
    vault,
    sessionTtlSeconds: config.sessionTtlSeconds,
    paymentIdleSeconds: config.paymentIdleSeconds,
    openWallet: (tx, customerId) => wallets.openWallet(tx, customerId),
    walletIdOf: async (customerId) => (await wallets.walletOfCustomer(customerId))?.id ?? null,
    signupSms: { sender: smsGateway, codeKey: hmacKey('signup-code') },
    requireVerifiedPhone: config.signupVerifyPhone,
    clock,
  });
  const risk = createRiskService({ pool, rules: config.risk, sca: config.sca });
  const passkeys = createPasskeysService({ pool, identity, rp: config.webauthn, clock });
  const security = createSecurityService({
    pool,
    identity,
    clock,
    // Resolved when called (the KYC service is built further down).
    birthDate: (customerId) => kyc.birthDateOf(customerId),
    // A payment confirmed with SCA makes its payee known (no SCA for it next time, below the threshold).
    afterConfirmed: async (tx, customerId, binding) => {
      if (binding.purpose === 'p2p') await risk.recordStrongAuth(tx, customerId, binding.payee);
    },
    sms: {
      sender: smsGateway,
      otpKey: hmacKey('otp'),
      available: () => !!config.sms.url,
    },
    totp: createTotp({ pool, vault, hmacKey: hmacKey('totp-recovery'), clock }),
    passkeys: passkeys.factor,
  });
  const p2p = createP2pTransferFlow({ pool, engine, wallets, identity, risk, security, clock });

  // URLs are read per call: the runtime may start the simulator, or learn its own URL, later.
  const network = createCardNetworkClient({
    url: () => config.cardNetwork.url,
    secret: config.cardNetwork.secret,
  });
  const cards = createCardsService({ pool, vault, network, clock });
  const cardCallbacks = createCardCallbackFlow({
    engine,
    cards,
    network,
    logger,
    secret: config.cardNetwork.secret,
  });
  const cardFlowDeps = {
    engine,
    wallets,
    cards,
    network,
    settle: cardCallbacks,
    logger,
    clock,
    callbackUrl: () => `${config.publicUrl.replace(/\/$/, '')}/v1/callbacks/card-network`,
    authTimeoutSeconds: config.cardAuthTimeoutSeconds,
  };
  const topups = createCardTopupFlow(cardFlowDeps);
  const withdrawals = createCardWithdrawalFlow({ ...cardFlowDeps, identity, risk, security });

  const merchantsService = createMerchantsService({
    pool,
    vault,
    people: {
      findByPhone: identity.findByPhone,
      profileOf: identity.profileWithHash,
      activeCard: cards.activeCard,
    },
  });
  const merchants = {
    service: merchantsService,
    reviews: createMerchantReviewService({ pool, merchants: merchantsService }),
    keys: createApiKeysService({ pool, merchants: merchantsService, clock }),
  };

  const staffAuth = createStaffAuth({
    pool,
    vault,
    clock,
    sessionTtlSeconds: config.staffSessionTtlSeconds,
  });

  const app = await createHttpApp({
    pool,
    webRoot: deps.webRoot,
    logger,
    metrics,
    authenticate: identity.authenticate,
    authenticateStaff: staffAuth.authenticate,
    authenticateMerchant: merchants.keys.authenticate,
    rateLimits: {
      signup: { max: config.rateLimits.signupPerMinute, windowSeconds: 60 },
      login: { max: config.rateLimits.loginPerMinute, windowSeconds: 60 },
      pin: { max: config.rateLimits.pinPerMinute, windowSeconds: 60 },
    },
  });
  identityRoutes(app, identity);
  walletRoutes(app, wallets);
  transferRoutes(app, p2p);
  securityRoutes(app, security);
  passkeyRoutes(app, passkeys);
  controlsRoutes(app, createCustomerControls({ pool, identity, wallets, security }));
  deviceRoutes(app, createDeviceControls({ pool, identity, security }));
  notificationRoutes(app, { db: pool });
  cardRoutes(app, cards);
  const entry = entryTier(config.tiers).tier;
  const kyc = createKycService({
    pool,
    vault,
    wallets,
    cards,
    faceChecks: createFaceCheckClient({
      url: () => config.identityVerification.url,
      secret: config.identityVerification.secret,
      timeoutMs: config.identityVerification.timeoutMs,
    }),
    faceCheckTimeoutMs: config.identityVerification.timeoutMs,
    entryTier: entry,
    logger,
    clock,
  });
  kycRoutes(app, kyc);
  const kycReviews = createKycReviewService({ pool, wallets, entryTier: entry, vault, clock });
  cardOperationRoutes(app, { topup: topups, withdrawal: withdrawals, callbacks: cardCallbacks });
  staffRoutes(app, {
    pool,
    auth: staffAuth,
    customers: createStaffCustomers({ pool, identity, wallets }),
    approvals: createApprovals({ pool, engine, wallets, tiers: config.tiers }),
  });
  staffKycRoutes(app, kycReviews);
  merchantRoutes(app, merchants.service, merchants.keys);
  staffMerchantRoutes(app, merchants.reviews);
  merchantApiRoutes(app, merchants.keys);
  const webhookWorker = createWebhookWorker({
    pool,
    vault,
    logger,
    clock,
    timeoutMs: config.webhooks.timeoutMs,
  });
  const webhooks = {
    worker: webhookWorker,
    service: createWebhooksService({
      pool,
      vault,
      merchants: merchants.service,
      allowHttpLocalhost: config.webhooks.allowHttpLocalhost,
      clock,
      onDue: () => webhookWorker.wake(),
    }),
  };
  webhookRoutes(app, webhooks.service);
  qrRoutes(
    app,
    createQrCodesService({ pool, merchants: merchants.service, clock }),
    createQrPaymentFlow({
      pool,
      engine,
      wallets,
      identity,
      risk,
      security,
      staticQrDailyCap: config.staticQrDailyCap,
      clock,
    }),
  );
  const payCodes = createPayCodesService({
    pool,
    wallets,
    hashKey: hmacKey('pay-code'),
    perCodeLimit: config.pos.perCode,
    clock,
  });
  const nfc = createNfcService({ pool, clock });
  payCodeRoutes(app, payCodes);
  nfcRoutes(app, nfc);
  posPaymentRoutes(
    app,
    createPosPaymentFlow({
      pool,
      engine,
      wallets,
      identity,
      risk,
      security,
      payCodes,
      nfc,
      limits: config.pos,
      clock,
    }),
    merchants.service,
  );

  const orders = createOrdersService({
    pool,
    merchants: merchants.service,
    // Read per order: a server listening on a random port learns its address only after the build.
    get publicWebUrl() {
      return config.publicWebUrl;
    },
    allowHttpLocalhost: config.webhooks.allowHttpLocalhost,
    clock,
  });
  orderRoutes(app, {
    orders,
    merchants: merchants.service,
    payments: createOrderPaymentFlow({ pool, engine, wallets, identity, risk, security, clock }),
    refunds: createRefundFlow({ pool, engine, orders, clock }),
  });
  payoutRoutes(app, { payouts: createMerchantPayoutFlow({ pool, engine }) });
  const settlementFlow = createSettlementFlow({
    pool,
    engine,
    defaultMdrBps: config.settlement.mdrBps,
    delaySeconds: config.settlement.delaySeconds,
    clock,
  });
  merchantSalesRoutes(app, createMerchantSalesService({ pool, merchants: merchants.service, clock }));
  settlementRoutes(app, {
    settlements: createSettlementsService({ pool }),
    merchants: merchants.service,
    exists: async (id) => (await pool.query('SELECT 1 FROM merchants WHERE id = $1', [id])).rowCount === 1,
  });
  // Every due day of every active merchant; a pass that settled days runs again at once.
  const settlements = pollingLoop({
    name: 'settlement',
    pass: () => settlementFlow.settleDue(),
    logger,
    idleMs: SETTLEMENT_POLL_MS,
    retryMs: SETTLEMENT_POLL_MS,
  });

  const outcomeCheck = createCardOutcomeCheck({ cards, network, callbacks: cardCallbacks, logger });
  const cardOutcomes = pollingLoop({
    name: 'card-outcomes',
    pass: outcomeCheck.runOnce,
    logger,
    idleMs: CARD_OUTCOME_POLL_MS,
    retryMs: CARD_OUTCOME_POLL_MS,
  });

  outbox = createOutboxWorker({ pool, handlers: outboxHandlers, logger, metrics });
  // An expired card hold also times out its card operation (and gives back limit usage), atomically.
  // A till payment claimed but never posted (the process died in between) is declined.
  const sweep = async () => {
    const expired = await expirePendingTransfers(pool, engine, {
      now: clock(),
      effects: (pendingId) => [expireOperationEffect(pendingId)],
    });
    const stranded = await posRepo.declineStranded(pool, POS_CLAIM_TIMEOUT_SECONDS);
    if (stranded.length > 0)
      logger.warn({ paymentIds: stranded }, 'POS payments claimed but never posted: declined');
    return expired;
  };
  let sweeper: NodeJS.Timeout | undefined;
  let keyPoller: NodeJS.Timeout | undefined;
  let housekeeper: NodeJS.Timeout | undefined;
  if (deps.background !== false) {
    outbox.start();
    webhooks.worker.start();
    settlements.start();
    cardOutcomes.start();
    sweeper = setInterval(() => {
      sweep().catch((e) => logger.warn({ err: (e as Error).message }, 'expiry sweep failed'));
    }, 1000);
    housekeeper = setInterval(() => {
      housekeeping(pool).catch((e) => logger.warn({ err: (e as Error).message }, 'housekeeping failed'));
    }, HOUSEKEEPING_MS);
    // A data key rotated by `yinbao keys rotate` in another process is picked up within seconds.
    keyPoller = setInterval(() => {
      keyring
        .refresh(pool)
        .catch((e) => logger.warn({ err: (e as Error).message }, 'keyring refresh failed'));
    }, KEY_REFRESH_MS);
    keyPoller.unref();
  }

  return {
    app,
    staffAuth,
    keyring,
    engine,
    outbox,
    metrics,
    sweep,
    kycReviews,
    merchants,
    webhooks,
    settlements,
    cardOutcomes,
    async close() {
      if (sweeper) clearInterval(sweeper);
      if (housekeeper) clearInterval(housekeeper);
      if (keyPoller) clearInterval(keyPoller);
      await app.close();
      await outbox?.stop();
      await webhooks.worker.stop();
      await settlements.stop();
      await cardOutcomes.stop();
      await engine.close();
    },
  };
}
