import type { RetryPolicy } from './callbacks.ts';
import { buildCallbackPayload, deliverCallback } from './callbacks.ts';
import type { CardBrand, DeclineReason } from './cards.ts';
import { bankNameOf, brandOf, isExpired, isValidPan, last4, scenarioOf } from './cards.ts';
import type { Scheduler } from './scheduler.ts';
import type { AuthorizationInput, AuthorizationRecord, CardNetworkState } from './state.ts';
import { fingerprintOf } from './state.ts';

export interface EngineOptions {
  secret: string;
  decisionDelayMs: number;
  lateDelayMs: number;
  slowAcceptMs: number;
  retry: RetryPolicy;
  now: () => Date;
}

export type VerifyResult =
  | { result: 'verified'; brand: CardBrand; bankName: string; last4: string }
  | { result: 'rejected'; reason: 'invalid_pan' | DeclineReason };

export type AuthorizeResult = { kind: 'created' | 'replay' | 'conflict'; record: AuthorizationRecord };

export type ReverseResult =
  | { kind: 'reversed' | 'not_reversible'; record: AuthorizationRecord }
  | { kind: 'not_found' };

/** The network's decision logic: verification, authorization, decision + callback, reversal. */
export class CardNetworkEngine {
  constructor(
    readonly state: CardNetworkState,
    readonly scheduler: Scheduler,
    readonly opts: EngineOptions,
  ) {}

  verify(pan: string, expiry: string): VerifyResult {
    if (!isValidPan(pan)) return { result: 'rejected', reason: 'invalid_pan' };
    if (this.cardExpired(pan, expiry)) return { result: 'rejected', reason: 'expired_card' };
    if (scenarioOf(pan) === 'verify_decline') return { result: 'rejected', reason: 'do_not_honour' };
    return { result: 'verified', brand: brandOf(pan), bankName: bankNameOf(pan), last4: last4(pan) };
  }

  /** Accepts an authorization (idempotent by id) and schedules its decision. */
  async authorize(input: AuthorizationInput): Promise<AuthorizeResult> {
    if (scenarioOf(input.pan) === 'slow_accept') await this.scheduler.sleep(this.opts.slowAcceptMs);
    const existing = this.state.getAuthorization(input.id);
    if (existing) {
      const same = existing.fingerprint === fingerprintOf(input);
      return { kind: same ? 'replay' : 'conflict', record: existing };
    }
    const record = this.state.createAuthorization(input);
    this.scheduler.after(this.opts.decisionDelayMs, () => this.decide(record));
    return { kind: 'created', record };
  }

  /** Decides a pending authorization, moves money on approval, then calls the wallet back. */
  async decide(record: AuthorizationRecord): Promise<void> {
    if (record.status !== 'pending' || this.state.getAuthorization(record.id) !== record) return;
    if (record.scenario === 'timeout') return; // the network never answers
    const reason = this.declineReason(record);
    record.decidedAt = this.opts.now().toISOString();
    if (reason) {
      record.status = 'declined';
      record.reason = reason;
    } else {
      record.status = 'approved';
      this.state.adjustBalance(record.pan, record.type === 'pull' ? -record.amount : record.amount);
    }
    const rawBody = JSON.stringify(buildCallbackPayload(record));
    const send = (delivery: number) =>
      deliverCallback({
        record,
        rawBody,
        delivery,
        secret: this.opts.secret,
        scheduler: this.scheduler,
        retry: this.opts.retry,
      });
    if (record.scenario === 'late') {
      this.scheduler.after(this.opts.lateDelayMs, async () => {
        await send(1);
      });
    } else if (record.scenario === 'duplicate') {
      await send(1);
      await send(2);
    } else {
      await send(1);
    }
  }

  /** Reverses an approved authorization, putting the money back. Idempotent. */
  reverse(id: string): ReverseResult {
    const record = this.state.getAuthorization(id);
    if (!record) return { kind: 'not_found' };
    if (record.status === 'reversed') return { kind: 'reversed', record };
    if (record.status !== 'approved') return { kind: 'not_reversible', record };
    record.status = 'reversed';
    record.reversedAt = this.opts.now().toISOString();
    this.state.adjustBalance(record.pan, record.type === 'pull' ? record.amount : -record.amount);
    return { kind: 'reversed', record };
  }

  private cardExpired(pan: string, suppliedExpiry: string): boolean {
    const now = this.opts.now();
    const registered = this.state.getCard(pan).expiry;
    return isExpired(suppliedExpiry, now) || (registered !== undefined && isExpired(registered, now));
  }

  private declineReason(record: AuthorizationRecord): DeclineReason | undefined {
    const { scenario, pan } = record;
    if (scenario === 'expired_card' || this.cardExpired(pan, record.expiry)) return 'expired_card';
    if (scenario === 'do_not_honour' || scenario === 'verify_decline') return 'do_not_honour';
    if (record.type === 'pull') {
      if (scenario === 'insufficient_funds' || this.state.getCard(pan).balance < record.amount) {
        return 'insufficient_funds';
      }
    }
    return undefined;
  }
}
