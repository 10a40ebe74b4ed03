import type { Effect, EffectHandler } from '../../platform/effects.ts';
import { markCompleted } from './pos-payments.repository.ts';

/** Attached to a POS payment's transfer: the commit hook marks the payment completed with the money. */
export const posCompletedEffect = (paymentId: string): Effect => ({
  type: 'pos_payment_completed',
  paymentId,
});

export const posEffectHandlers: Record<string, EffectHandler> = {
  pos_payment_completed: (tx, effects) =>
    markCompleted(
      tx,
      effects.map((e) => (e as unknown as { paymentId: string }).paymentId),
    ),
};

/** Outbox topics of POS payments (each carries a notification). */
export const POS_PAYMENT_TOPICS = [
  'merchant.pos_paid',
  'merchant.pos_received',
  'merchant.pos_confirm',
] as const;
