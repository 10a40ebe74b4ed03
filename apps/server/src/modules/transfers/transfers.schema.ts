import { z } from 'zod';
import { ZText } from '../../platform/http/text.ts';
import { ZStepUp } from '../security/index.ts';
import { ZMoney } from '../wallets/wallets.schema.ts';

export const ZCreateTransfer = z.strictObject({
  to: z.union([z.strictObject({ phone: z.string().min(1).max(32) }), z.strictObject({ walletId: z.uuid() })]),
  amount: z.strictObject({ amount: z.string().max(40), currency: z.string().max(8) }),
  note: ZText(140).optional(),
  stepUp: ZStepUp.optional().describe(
    'After STEP_UP_REQUIRED: the same request again with the challenge id and the PIN (or password)',
  ),
});

export const ZTransfer = z.object({
  id: z.string(),
  status: z.enum(['completed', 'held']),
  amount: ZMoney,
  from: z.object({ walletId: z.string(), name: z.string() }),
  to: z.object({ walletId: z.string(), name: z.string() }),
  note: z.string().nullable(),
  createdAt: z.string(),
});

export type TCreateTransfer = z.infer<typeof ZCreateTransfer>;
export type TTransfer = z.infer<typeof ZTransfer>;
