import type { LimitCheck } from '@yinbao/ledger';
import type { IdentityService } from '../modules/identity/index.ts';
import type { RiskService } from '../modules/risk/index.ts';
import type { Proof, SecurityService, StepUpError, StepUpMethod } from '../modules/security/index.ts';
import { limitKeys, type WalletsService } from '../modules/wallets/index.ts';
import { err, ok, type Result } from '../platform/errors.ts';

export type OutgoingChecksDeps = {
  identity: IdentityService;
  risk: RiskService;
  security: SecurityService;
  wallets: WalletsService;
  clock?: () => Date;
};

export type OutgoingRequest = {
  customerId: string;
  kind: 'p2p' | 'withdrawal' | 'qr' | 'order' | 'pos';
  walletId: string;
  walletTier: number;
  /** The ledger account the money leaves. */
  sourceAccountId: string;
  amount: bigint;
  payee: string;
  /**
   * What a confirmation binds as the payee when it must be narrower than `payee` (risk and SCA still
   * see `payee`): a dynamic QR code's merchant and code, so that a confirmation asked for by one
   * payment type or code confirms no other with the same amount and merchant (P8).
   */
  boundPayee?: string;
  /** How the payee is shown to the customer (name, card) in the confirmation (awaited only then). */
  payeeLabel: string | Promise<string>;
  /** The id the movement will carry unless a confirmation binds another. */
  operationId: string;
  stepUp?: Proof;
  /** The session is on a device the customer has not trusted yet (S4): every payment is confirmed. */
  newDevice: boolean;
  /** The session was signed in with a texted code alone. */
  smsSignIn?: boolean;
};

/** What the session a payment comes from means for its confirmation. */
export type PaymentSession = { newDevice: boolean; smsSignIn: boolean };
export const paymentSession = (p: { deviceTrusted: boolean; authMethod: string }): PaymentSession => ({
  newDevice: !p.deviceTrusted,
  smsSignIn: p.authMethod === 'sms',
});

export type OutgoingCheckError = 'SINGLE_LIMIT_EXCEEDED' | 'PAYMENT_DENIED' | StepUpError;

/** What the posting must carry: the tier's counters (checked by the ledger) and whether risk holds it. */
export type OutgoingDecision = {
  limits: LimitCheck[];
  hold: boolean;
  riskReasons: string[];
  operationId: string;
};

/**
 * The checks every outgoing money movement passes before posting: the tier's single-payment limit,
 * the confirmation (step-up challenge bound to amount, payee and id), and the risk decision. Daily and annual limits are
 * returned as ledger counters so they are enforced in the posting transaction itself.
 */
export async function checkOutgoing(
  deps: OutgoingChecksDeps,
  req: OutgoingRequest,
): Promise<Result<OutgoingDecision, OutgoingCheckError>> {
  const tier = deps.wallets.tierOf(req.walletTier);
  if (tier.singleLimit !== null && req.amount > tier.singleLimit) return err('SINGLE_LIMIT_EXCEEDED');

  // A confirmation, when sent, is checked and consumed first; it fixes the movement's id.
  const binding = {
    purpose: req.kind,
    amount: req.amount,
    currency: 'CNY',
    payee: req.boundPayee ?? req.payee,
  };
  let operationId = req.operationId;
  let stepUpVerified = false;
  if (req.stepUp) {
    const confirmed = await deps.security.confirm(req.customerId, binding, req.stepUp);
    if (!confirmed.ok) return confirmed;
    operationId = confirmed.value.operationId;
    stepUpVerified = true;
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
  const device = newDeviceStepUp(req, stepUpVerified);
  if (risk.decision === 'step_up' || device) {
    const reasons = [...(risk.decision === 'step_up' ? risk.reasons : []), ...(device?.reasons ?? [])];
    const challenge = await deps.security.challenge(
      req.customerId,
      binding,
      operationId,
      await req.payeeLabel,
      device?.only,
    );
    return err('STEP_UP_REQUIRED', undefined, { challenge, reasons });
  }
  const keys = limitKeys(req.walletId, (deps.clock ?? (() => new Date()))());
  return ok({
    limits: [
      ...(tier.dailyLimit !== null ? [{ key: keys.day, amount: req.amount, max: tier.dailyLimit }] : []),
      ...(tier.annualLimit !== null ? [{ key: keys.year, amount: req.amount, max: tier.annualLimit }] : []),
    ],
    hold: risk.decision === 'hold',
    riskReasons: risk.reasons,
    operationId,
  });
}

/**
 * S4: from a device the customer has not trusted, every outgoing payment is confirmed, whatever its
 * amount — and not with the login password, which is exactly what someone on a new device may have
 * stolen. (Trusting the device, with an SMS code or a passkey, ends this.)
 */
function newDeviceStepUp(
  req: OutgoingRequest,
  stepUpVerified: boolean,
): { reasons: string[]; only: StepUpMethod[] } | null {
  if (!req.newDevice || stepUpVerified) return null;
  // Never the password (the factor someone on a new device most likely stole); never a texted code
  // when the session itself was opened with one (the phone number alone must not pay).
  return {
    reasons: ['new_device'],
    only: req.smsSignIn ? ['passkey', 'pin', 'totp'] : ['passkey', 'pin', 'totp', 'sms'],
  };
}

/**
 * How a merchant payment's ledger refusals read at the API (QR, till and order payments alike): the
 * wallet lacks the money or is closed, or the merchant's account cannot take it.
 */
export const MERCHANT_PAYMENT_LEDGER_REFUSALS: Readonly<
  Record<string, 'INSUFFICIENT_FUNDS' | 'MERCHANT_CANNOT_RECEIVE' | 'WALLET_FROZEN'>
> = {
  EXCEEDS_CREDITS: 'INSUFFICIENT_FUNDS',
  EXCEEDS_MAX_CREDIT_BALANCE: 'MERCHANT_CANNOT_RECEIVE',
  CREDIT_ACCOUNT_CLOSED: 'MERCHANT_CANNOT_RECEIVE',
  DEBIT_ACCOUNT_CLOSED: 'WALLET_FROZEN',
};
