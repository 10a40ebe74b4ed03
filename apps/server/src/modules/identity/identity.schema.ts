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
  verificationId: z
    .uuid()
    .optional()
    .describe('From POST /v1/auth/signup/verify-phone (required unless phone verification is switched off)'),
  code: z.string().min(1).max(12).optional().describe('The six-digit code texted to the phone'),
});
export const ZVerifyPhone = z.strictObject({ phone: ZPhone });
export const ZVerificationStarted = z.object({
  verificationId: z.string(),
  expiresAt: z.string(),
  resendAfterSeconds: z.number().int().describe('Seconds before another text can be sent to this number'),
});
export const ZLogin = z.strictObject({ phone: ZPhone, password: z.string().min(1).max(128) });
export const ZSmsLogin = z.strictObject({
  phone: ZPhone,
  verificationId: z.uuid().describe('From POST /v1/auth/login/sms/send'),
  code: z.string().min(1).max(12).describe('The six-digit code texted to the phone'),
});

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

/**
 * The device headers of sign-up and sign-in (documented in the OpenAPI document; checked by
 * `device.ts`, which answers 400 INVALID_DEVICE_ID). Loose: every other header passes through.
 */
export const ZDeviceHeaders = z.looseObject({
  'x-device-id': z
    .string()
    .optional()
    .describe(
      'A random id (16–128 printable characters) the app keeps; sign-ins from a new id are a new, untrusted device',
    ),
  'x-device-name': z
    .string()
    .optional()
    .describe('How the device calls itself, e.g. "iPhone 15" (percent-encoded)'),
});
