import type { Effect, EffectHandler } from '../../platform/effects.ts';
import { markPaid } from './qr.repository.ts';

/** Attached to a dynamic code's payment: the commit hook marks the code paid in the posting transaction. */
export const qrPaidEffect = (codeId: string, transferId: string): Effect => ({
  type: 'qr_code_paid',
  codeId,
  transferId,
});

export const qrEffectHandlers: Record<string, EffectHandler> = {
  qr_code_paid: (tx, effects) =>
    markPaid(
      tx,
      effects.map((e) => {
        const paid = e as unknown as { codeId: string; transferId: string };
        return { codeId: paid.codeId, transferId: paid.transferId };
      }),
    ),
};

/** Outbox topics of QR payments (each carries a notification). */
export const QR_PAYMENT_TOPICS = ['merchant.qr_paid', 'merchant.qr_received'] as const;
