import { z } from 'zod';
import { ZNfcTap } from '../nfc/index.ts';
import { ZStepUp } from '../security/index.ts';
import { ZMoney } from '../wallets/wallets.schema.ts';

const common = {
  reference: z
    .string()
    .regex(/^[\x20-\x7E]{1,64}$/, 'The reference is 1 to 64 printable ASCII characters')
    .describe("The merchant's own id of this sale: a second submission with it returns the first payment"),
  terminalId: z
    .string()
    .regex(/^[\x20-\x7E]{1,32}$/, 'The terminal id is 1 to 32 printable ASCII characters')
    .optional(),
};

export const ZPosSubmit = z.union([
  z.strictObject({
    method: z.literal('pay_code'),
    code: z.string().max(32).describe("The 18 digits of the customer's payment code"),
    amount: z.strictObject({ amount: z.string().max(40), currency: z.string().max(8) }),
    ...common,
  }),
  z.strictObject({
    method: z.literal('nfc'),
    tap: ZNfcTap.describe('The signed tap the phone handed the terminal (its amount is what is paid)'),
    ...common,
  }),
]);

export const POS_STATUSES = ['processing', 'awaiting_customer', 'completed', 'declined', 'expired'] as const;

export const ZPosPayment = z.object({
  id: z.string().describe('The payment id (once completed, also the ledger transfer id)'),
  status: z
    .enum(POS_STATUSES)
    .describe('awaiting_customer: the customer confirms on the phone (poll; it expires after 2 minutes)'),
  method: z.enum(['pay_code', 'nfc']),
  amount: ZMoney,
  merchant: z.object({ id: z.string(), name: z.string() }),
  reference: z.string(),
  terminalId: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string().nullable().describe('While awaiting the customer: until when'),
});
export const ZPosPaymentList = z.object({ items: z.array(ZPosPayment) });

export const ZPosPaymentParams = z.object({ paymentId: z.uuid() });
export const ZMerchantPosPaymentParams = z.object({ merchantId: z.uuid(), paymentId: z.uuid() });

export const ZPosConfirm = z.strictObject({
  stepUp: ZStepUp.optional().describe(
    'After STEP_UP_REQUIRED: the same request again with the challenge id and the proof',
  ),
});

export type TPosSubmit = z.infer<typeof ZPosSubmit>;
export type TPosPayment = z.infer<typeof ZPosPayment>;
export type TPosConfirm = z.infer<typeof ZPosConfirm>;
