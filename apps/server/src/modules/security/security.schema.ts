import { z } from 'zod';
import { ZAuthenticationResponse } from '../passkeys/index.ts';

/** The confirmation a money movement (or lifting a freeze) is sent again with after STEP_UP_REQUIRED. */
export const ZStepUp = z.strictObject({
  challengeId: z.uuid(),
  pin: z.string().max(16).optional(),
  password: z.string().min(1).max(128).optional(),
  otp: z.string().max(8).optional(),
  totp: z.string().max(16).optional().describe('An authenticator-app code or a recovery code'),
  passkey: ZAuthenticationResponse.optional().describe(
    'A passkey assertion over challenge.webauthn (whose challenge is derived from amount, currency, payee and id)',
  ),
});
