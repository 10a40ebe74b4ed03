import { randomBytes } from 'node:crypto';
import type { CardBrand, DeclineReason, Scenario } from './cards.ts';
import { brandOf, DEFAULT_CARD_BALANCE, last4, maskPan, scenarioOf } from './cards.ts';

export type AuthorizationType = 'pull' | 'push';
export type AuthorizationStatus = 'pending' | 'approved' | 'declined' | 'reversed';

export interface CallbackAttempt {
  /** 1 for the first callback; 2 for the duplicate of the `duplicate` scenario. */
  delivery: number;
  attempt: number;
  at: string;
  ok: boolean;
  statusCode?: number;
  error?: string;
}

export interface CardRecord {
  balance: bigint;
  /** Card's real expiry "MM/YY" when set via `/_control/cards`; overrides the supplied one. */
  expiry?: string;
}

export interface AuthorizationInput {
  id: string;
  type: AuthorizationType;
  pan: string;
  expiry: string;
  amount: bigint;
  currency: string;
  callbackUrl: string;
}

export interface AuthorizationRecord extends AuthorizationInput {
  networkRef: string;
  brand: CardBrand;
  scenario: Scenario;
  status: AuthorizationStatus;
  reason?: DeclineReason;
  createdAt: string;
  decidedAt?: string;
  reversedAt?: string;
  /** Canonical body used for idempotency comparison. */
  fingerprint: string;
  callbackAttempts: CallbackAttempt[];
  callbacksDelivered: number;
}

/** Wire shape of an authorization (PAN masked, amount as a string of minor units). */
export interface AuthorizationView {
  id: string;
  networkRef: string;
  type: AuthorizationType;
  status: AuthorizationStatus;
  reason?: DeclineReason;
  amount: string;
  currency: string;
  panMasked: string;
  last4: string;
  brand: CardBrand;
  scenario: Scenario;
  callbackUrl: string;
  createdAt: string;
  decidedAt?: string;
  reversedAt?: string;
  callbacksDelivered: number;
  callbackAttempts: CallbackAttempt[];
}

export function fingerprintOf(input: AuthorizationInput): string {
  const { type, pan, expiry, amount, currency, callbackUrl } = input;
  return JSON.stringify([type, pan, expiry, amount.toString(), currency, callbackUrl]);
}

export function toView(r: AuthorizationRecord): AuthorizationView {
  return {
    id: r.id,
    networkRef: r.networkRef,
    type: r.type,
    status: r.status,
    ...(r.reason ? { reason: r.reason } : {}),
    amount: r.amount.toString(),
    currency: r.currency,
    panMasked: maskPan(r.pan),
    last4: last4(r.pan),
    brand: r.brand,
    scenario: r.scenario,
    callbackUrl: r.callbackUrl,
    createdAt: r.createdAt,
    ...(r.decidedAt ? { decidedAt: r.decidedAt } : {}),
    ...(r.reversedAt ? { reversedAt: r.reversedAt } : {}),
    callbacksDelivered: r.callbacksDelivered,
    callbackAttempts: r.callbackAttempts.map((a) => ({ ...a })),
  };
}

/** In-memory store of cards and authorizations. Cards spring into existence on first touch. */
export class CardNetworkState {
  private readonly cards = new Map<string, CardRecord>();
  private readonly authorizations = new Map<string, AuthorizationRecord>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** Returns the stored card, or the default one (not stored until something changes it). */
  getCard(pan: string): CardRecord {
    return this.cards.get(pan) ?? { balance: DEFAULT_CARD_BALANCE };
  }

  setCard(pan: string, balance: bigint, expiry?: string): CardRecord {
    const previous = this.cards.get(pan);
    const card: CardRecord = { balance };
    const effectiveExpiry = expiry ?? previous?.expiry;
    if (effectiveExpiry) card.expiry = effectiveExpiry;
    this.cards.set(pan, card);
    return card;
  }

  /** Adds `delta` (may be negative) to the card balance and returns the new balance. */
  adjustBalance(pan: string, delta: bigint): bigint {
    const card = this.getCard(pan);
    const next = { ...card, balance: card.balance + delta };
    this.cards.set(pan, next);
    return next.balance;
  }

  getAuthorization(id: string): AuthorizationRecord | undefined {
    return this.authorizations.get(id);
  }

  listAuthorizations(): AuthorizationRecord[] {
    return [...this.authorizations.values()];
  }

  createAuthorization(input: AuthorizationInput): AuthorizationRecord {
    const record: AuthorizationRecord = {
      ...input,
      networkRef: `cn_${randomBytes(10).toString('hex')}`,
      brand: brandOf(input.pan),
      scenario: scenarioOf(input.pan),
      status: 'pending',
      createdAt: this.now().toISOString(),
      fingerprint: fingerprintOf(input),
      callbackAttempts: [],
      callbacksDelivered: 0,
    };
    this.authorizations.set(record.id, record);
    return record;
  }

  reset(): void {
    this.cards.clear();
    this.authorizations.clear();
  }
}
