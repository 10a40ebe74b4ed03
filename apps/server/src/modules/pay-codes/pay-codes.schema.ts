import { z } from 'zod';
import { ZMoney } from '../wallets/wallets.schema.ts';

export const ZPayCode = z.object({
  code: z.string().describe('18 digits (prefix 28): shown once, single use, valid 60 seconds'),
  expiresAt: z.string(),
  perCodeLimit: ZMoney.describe('The most one payment with this code can take'),
  barcodeText: z.string().describe('The text to render as a QR symbol and a Code 128 barcode'),
});

export type TPayCode = z.infer<typeof ZPayCode>;
