import { z } from 'zod';
import { failureToHttp } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { ZText } from '../../platform/http/text.ts';
import { MAX_SELFIE_BYTES } from './face-check.service.ts';
import { kycErrors } from './kyc.errors.ts';
import type { KycService } from './kyc.service.ts';

const tags = ['kyc'];
const security = [{ session: [] }];
const ZMoney = z.object({ amount: z.string(), currency: z.string() });
const ZTier = z.object({ tier: z.number().int() });

export function kycRoutes(app: App, kyc: KycService) {
  app.get(
    '/v1/me/kyc',
    {
      config: { auth: 'customer' },
      schema: {
        tags,
        security,
        summary: 'Your wallet tier, what is verified (masked) and what the next tier needs',
        response: {
          200: z.object({
            tier: z.number().int(),
            tierName: z.string(),
            identity: z
              .object({ name: z.string(), idNumber: z.string(), bankCardVerified: z.boolean() })
              .nullable(),
            revoked: z.boolean(),
            faceCheck: z.object({
              status: z.enum(['not_started', 'failed', 'blocked', 'in_review', 'verified', 'closed']),
              failuresLeft: z.number().int(),
              blockedUntil: z.string().nullable(),
            }),
            nextStep: z.enum(['identity', 'bank_card', 'face_check']).nullable(),
            next: z
              .object({
                tier: z.number().int(),
                name: z.string(),
                requirement: z.string(),
                limits: z
                  .object({
                    balanceCap: ZMoney.nullable(),
                    singleLimit: ZMoney.nullable(),
                    dailyLimit: ZMoney.nullable(),
                    annualLimit: ZMoney.nullable(),
                  })
                  .describe('What the next tier allows (null = no limit)'),
              })
              .nullable(),
          }),
        },
      },
    },
    async (req) => {
      const r = await kyc.status(req.customer!.id);
      if (!r.ok) throw failureToHttp(kycErrors, r);
      return r.value;
    },
  );
  app.post(
    '/v1/me/kyc/identity',
    {
      config: { auth: 'customer', rateLimit: { bucket: 'pin' } },
      schema: {
        tags,
        security,
        summary: 'Verify your real name and resident ID (raises the wallet to Class III)',
        body: z.strictObject({ name: ZText(40, 1), idNumber: z.string().max(32) }),
        response: { 200: ZTier },
      },
    },
    async (req) => {
      const r = await kyc.verifyIdentity(req.customer!.id, req.body.name, req.body.idNumber);
      if (!r.ok) throw failureToHttp(kycErrors, r);
      return r.value;
    },
  );
  app.post(
    '/v1/me/kyc/bank-card',
    {
      config: { auth: 'customer' },
      schema: {
        tags,
        security,
        summary: 'Use a bound bank card in your verified name (raises the wallet to Class II)',
        body: z.strictObject({ cardId: z.uuid() }),
        response: { 200: ZTier },
      },
    },
    async (req) => {
      const r = await kyc.verifyBankCard(req.customer!.id, req.body.cardId);
      if (!r.ok) throw failureToHttp(kycErrors, r);
      return r.value;
    },
  );
  app.post(
    '/v1/me/kyc/face-check',
    {
      config: { auth: 'customer', rateLimit: { bucket: 'pin' } },
      schema: {
        tags,
        security,
        summary:
          'Face check: a selfie compared with your ID photo by the identity-verification service (Class I with a verified card)',
        description:
          `\`selfie\`: the image, base64 (at most ${MAX_SELFIE_BYTES / 1024} KiB decoded; never stored). ` +
          'A match raises the tier; an inconclusive comparison goes to a bank review (`in_review`). ' +
          'No match or a failed liveness test → 422 with `details.failuresLeft`; three failures in 24 h block ' +
          'the step for a day (429 `FACE_CHECK_BLOCKED`). 503 `FACE_CHECK_UNAVAILABLE`: nothing changed, retry later.',
        body: z.strictObject({ selfie: z.string().min(1).max(60_000) }),
        response: {
          200: z.object({ result: z.enum(['verified', 'in_review']), tier: z.number().int() }),
        },
      },
    },
    async (req) => {
      const r = await kyc.faceCheck(req.customer!.id, req.body.selfie);
      if (!r.ok) throw failureToHttp(kycErrors, r);
      return r.value;
    },
  );
}
