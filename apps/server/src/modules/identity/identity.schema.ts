import { z } from 'zod';
import { ZText } from '../../platform/http/text.ts';

export const ZPhone = z
  .string()
  .min(1)
  .max(32)
  .describe('Mainland China mobile number, e.g. 13800138000 or +8613800138000');
export const ZPassword = z.string().min(8).max(128).describe('At least 8 characters');

export const ZSignup = z.strictObject({
  phone: ZPhone,
  password: ZPassword,
  displayName: ZText(40, 1).optional(),
});
export const ZLogin = z.strictObject({ phone: ZPhone, password: z.string().min(1).max(128) });

export const ZSession = z.object({ token: z.string(), expiresAt: z.string(), customerId: z.string() });
export const ZMe = z.object({
  id: z.string(),
  phone: z.string().describe('Masked'),
  displayName: z.string(),
  walletId: z.string(),
  createdAt: z.string(),
});
export const ZSignupResult = z.object({ customer: ZMe, session: ZSession });

export type TSignup = z.infer<typeof ZSignup>;
export type TLogin = z.infer<typeof ZLogin>;
