import { z } from 'zod';
import { ZText } from '../../platform/http/text.ts';
import { ZStepUp } from '../security/index.ts';
import { ZMoney } from '../wallets/wallets.schema.ts';

export const ZBindCard = z.strictObject({
  pan: z.string().min(1).max(40).describe('Card number; checked, encrypted at rest and never returned'),
  expiry: z.string().max(8).describe('MM/YY'),
  holderName: ZText(64, 1),
});

export const ZCard = z.object({
  id: z.string(),
  last4: z.string(),
  brand: z.string(),
  bankName: z.string(),
  expiry: z.string(),
  holderName: z.string(),
  status: z.enum(['active', 'removed']),
  createdAt: z.string(),
});

export const ZCardList = z.object({ items: z.array(ZCard) });
export const ZCardParams = z.object({ cardId: z.uuid() });

export const ZCreateCardOperation = z.strictObject({
  cardId: z.uuid(),
  amount: z.strictObject({ amount: z.string().max(40), currency: z.string().max(8) }),
  stepUp: ZStepUp.optional().describe(
    'After STEP_UP_REQUIRED: the same request again with the challenge id and the PIN (or password)',
  ),
});

export const ZCardOperation = z.object({
  id: z.string(),
  kind: z.enum(['topup', 'withdrawal']),
  status: z.enum(['pending', 'succeeded', 'declined', 'timed_out']),
  amount: ZMoney,
  card: z.object({ id: z.string(), last4: z.string() }),
  declineReason: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ZOperationParams = z.object({ id: z.uuid() });

/** What the card network POSTs back (checked after the signature). */
export const ZCardNetworkCallback = z.object({
  id: z.string().min(1).max(64),
  networkRef: z.string().max(128).optional(),
  type: z.enum(['pull', 'push']),
  status: z.enum(['approved', 'declined']),
  reason: z.string().max(64).optional(),
  amount: z.string().regex(/^[1-9]\d{0,17}$/),
  currency: z.string().regex(/^[A-Z]{3}$/),
  decidedAt: z.string().optional(),
});

export type TBindCard = z.infer<typeof ZBindCard>;
export type TCard = z.infer<typeof ZCard>;
export type TCreateCardOperation = z.infer<typeof ZCreateCardOperation>;
export type TCardOperation = z.infer<typeof ZCardOperation>;
export type TCardNetworkCallback = z.infer<typeof ZCardNetworkCallback>;
