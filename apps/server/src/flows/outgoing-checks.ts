import { verify } from '@node-rs/argon2';
import type { LimitCheck } from '@yinbao/ledger';
import type { IdentityService } from '../modules/identity/index.ts';
import type { RiskService } from '../modules/risk/index.ts';
import { limitKeys, type WalletsService } from '../modules/wallets/index.ts';
import { err, ok, type Result } from '../platform/errors.ts';

export type OutgoingChecksDeps = {
  identity: IdentityService;
  risk: RiskService;
  wallets: WalletsService;
  clock?: () => Date;
};

export type OutgoingRequest = {
  customerId: string;
  kind: 'p2p' | 'withdrawal';
  walletId: string;
  walletTier: number;
  /** The ledger account the money leaves. */
  sourceAccountId: string;
  amount: bigint;
  payee: string;
  stepUpPassword?: string;
};

export type OutgoingCheckError =
  | 'SINGLE_LIMIT_EXCEEDED'
  | 'STEP_UP_FAILED'
  | 'STEP_UP_REQUIRED'
  | 'PAYMENT_DENIED';

/** What the posting must carry: the tier's counters (checked by the ledger) and whether risk holds it. */
export type OutgoingDecision = { limits: LimitCheck[]; hold: boolean; riskReasons: string[] };

/**
 * The checks every outgoing money movement passes before posting: the tier's single-payment limit,
 * the optional step-up (re-entered password), and the risk decision. Daily and annual limits are
 * returned as ledger counters so they are enforced in the posting transaction itself.
 */
export async function checkOutgoing(
  deps: OutgoingChecksDeps,
  req: OutgoingRequest,
): Promise<Result<OutgoingDecision, OutgoingCheckError>> {
  const tier = deps.wallets.tierOf(req.walletTier);
  if (tier.singleLimit !== null && req.amount > tier.singleLimit) return err('SINGLE_LIMIT_EXCEEDED');

  let stepUpVerified = false;
  if (req.stepUpPassword !== undefined) {
    const me = await deps.identity.profileWithHash(req.customerId);
    stepUpVerified = !!me && (await verify(me.passwordHash, req.stepUpPassword).catch(() => false));
    if (!stepUpVerified) return err('STEP_UP_FAILED');
  }
  const risk = await deps.risk.decide({
    customerId: req.customerId,
    kind: req.kind,
    amount: req.amount,
    currency: 'CNY',
    sourceAccountId: req.sourceAccountId,
    payee: req.payee,
    stepUpVerified,
  });
  if (risk.decision === 'deny') return err('PAYMENT_DENIED', undefined, { reasons: risk.reasons });
  if (risk.decision === 'step_up') {
    return err('STEP_UP_REQUIRED', undefined, { methods: ['password'], reasons: risk.reasons });
  }
  const keys = limitKeys(req.walletId, (deps.clock ?? (() => new Date()))());
  return ok({
    limits: [
      ...(tier.dailyLimit !== null ? [{ key: keys.day, amount: req.amount, max: tier.dailyLimit }] : []),
      ...(tier.annualLimit !== null ? [{ key: keys.year, amount: req.amount, max: tier.annualLimit }] : []),
    ],
    hold: risk.decision === 'hold',
    riskReasons: risk.reasons,
  });
}
