import { z } from 'zod';
import { type ErrorTable, failureToHttp } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { ZText } from '../../platform/http/text.ts';
import type { KycError, KycService } from './kyc.service.ts';

const kycErrors: ErrorTable<KycError> = {
  INVALID_ID_NUMBER: {
    status: 400,
    message: 'This is not a valid resident identity number; check the 18 characters',
  },
  ID_ALREADY_USED: { status: 409, message: 'This identity is already verified for another wallet' },
  KYC_ALREADY_VERIFIED: { status: 409, message: 'Your identity is already verified' },
  KYC_IDENTITY_FIRST: { status: 409, message: 'Verify your identity first' },
  CARD_NOT_FOUND: { status: 404, message: 'No such card' },
  CARD_NAME_MISMATCH: { status: 422, message: 'The card is not in the same name as your verified identity' },
  WALLET_NOT_FOUND: { status: 404, message: 'No such wallet' },
};
const tags = ['kyc'];
const security = [{ session: [] }];
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
            next: z.object({ tier: z.number().int(), name: z.string(), requirement: z.string() }).nullable(),
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
}
