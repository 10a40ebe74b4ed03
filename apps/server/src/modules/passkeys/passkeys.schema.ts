import { z } from 'zod';
import { ZText } from '../../platform/http/text.ts';

/**
 * The browser's WebAuthn answers as JSON (`PublicKeyCredential.toJSON()`, or @simplewebauthn/browser).
 * Binary members are base64url. These objects are not strict: the WebAuthn JSON gains members
 * with new browser versions, and unknown ones are dropped rather than refused.
 */
const b64url = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, 'base64url');

const credentialBase = {
  id: b64url(1400),
  rawId: b64url(1400),
  type: z.literal('public-key'),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).optional(),
};

export const ZAuthenticationResponse = z
  .object({
    ...credentialBase,
    response: z.object({
      clientDataJSON: b64url(4096),
      authenticatorData: b64url(4096),
      signature: b64url(1024),
      userHandle: b64url(128).optional(),
    }),
  })
  .describe('An assertion: the AuthenticationResponseJSON of navigator.credentials.get()');

export const ZRegistrationResponse = z.object({
  ...credentialBase,
  response: z.object({
    clientDataJSON: b64url(4096),
    attestationObject: b64url(16_384),
    transports: z.array(z.string().max(32)).max(8).optional(),
  }),
  name: ZText(40, 1).optional().describe('A name for this passkey, e.g. "My phone"'),
});

/** Options for navigator.credentials.create()/get() as JSON (challenge and ids base64url). */
const ZDescriptor = z.object({
  id: z.string(),
  type: z.string(),
  transports: z.array(z.string()).optional(),
});
export const ZCreationOptions = z.object({
  rp: z.object({ id: z.string().optional(), name: z.string() }),
  user: z.object({ id: z.string(), name: z.string(), displayName: z.string() }),
  challenge: z.string(),
  pubKeyCredParams: z.array(z.object({ type: z.string(), alg: z.number() })),
  timeout: z.number().optional(),
  excludeCredentials: z.array(ZDescriptor).optional(),
  authenticatorSelection: z
    .object({
      authenticatorAttachment: z.string().optional(),
      requireResidentKey: z.boolean().optional(),
      residentKey: z.string().optional(),
      userVerification: z.string().optional(),
    })
    .optional(),
  attestation: z.string().optional(),
  hints: z.array(z.string()).optional(),
});
export const ZRequestOptions = z.object({
  challenge: z.string(),
  rpId: z.string().optional(),
  timeout: z.number().optional(),
  allowCredentials: z.array(ZDescriptor).optional(),
  userVerification: z.string().optional(),
  hints: z.array(z.string()).optional(),
});

export const ZPasskey = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});

export type TAuthenticationResponse = z.infer<typeof ZAuthenticationResponse>;
export type TRegistrationResponse = z.infer<typeof ZRegistrationResponse>;
