import { z } from 'zod';
import { failureToHttp } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { ZText } from '../../platform/http/text.ts';
import { type KycReviewService, kycReviewErrors } from '../kyc/index.ts';

const tags = ['back-office'];
const security = [{ staffSession: [] }];
const ZReview = z.object({
  id: z.string(),
  customerId: z.string(),
  maskedPhone: z.string(),
  kind: z.enum(['face_check', 'tier_upgrade']),
  requestedTier: z.number().int(),
  tierBefore: z.number().int(),
  currentTier: z.number().int(),
  applied: z.boolean(),
  evidence: z.record(z.string(), z.unknown()),
  status: z.enum(['pending', 'approved', 'rejected']),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: z.string(),
});
const ZDecision = z.object({ review: ZReview, tier: z.number().int(), capClamped: z.boolean() });

/** The KYC review queue (A2): compliance staff approve or reject upgrades and face checks. */
export function staffKycRoutes(app: App, reviews: KycReviewService) {
  const config = { auth: 'staff' as const, permission: 'kyc.review' };
  app.get(
    '/v1/staff/kyc-reviews',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Pending KYC review cases, oldest first (personal data masked)',
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(100).default(20),
          cursor: z.uuid().optional(),
        }),
        response: { 200: z.object({ items: z.array(ZReview), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => {
      const r = await reviews.listPending(req.query);
      if (!r.ok) throw failureToHttp(kycReviewErrors, r);
      return r.value;
    },
  );
  app.get(
    '/v1/staff/kyc-reviews/:reviewId',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'One KYC review case',
        params: z.object({ reviewId: z.uuid() }),
        response: { 200: ZReview },
      },
    },
    async (req) => {
      const r = await reviews.get(req.params.reviewId);
      if (!r.ok) throw failureToHttp(kycReviewErrors, r);
      return r.value;
    },
  );
  app.post(
    '/v1/staff/kyc-reviews/:reviewId/approve',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Approve a case: the tier it asks for applies at once',
        params: z.object({ reviewId: z.uuid() }),
        body: z.strictObject({}).optional(),
        response: { 200: ZDecision },
      },
    },
    async (req) => {
      const r = await reviews.approve(req.params.reviewId, req.staff!.id);
      if (!r.ok) throw failureToHttp(kycReviewErrors, r);
      return r.value;
    },
  );
  app.post(
    '/v1/staff/kyc-reviews/:reviewId/reject',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Reject a case (an already applied upgrade is lowered back; money is never taken)',
        params: z.object({ reviewId: z.uuid() }),
        body: z.strictObject({ reason: ZText(500, 3) }),
        response: { 200: ZDecision },
      },
    },
    async (req) => {
      const r = await reviews.reject(req.params.reviewId, req.staff!.id, req.body.reason);
      if (!r.ok) throw failureToHttp(kycReviewErrors, r);
      return r.value;
    },
  );
  app.post(
    '/v1/staff/customers/:customerId/revoke-kyc',
    {
      config,
      schema: {
        tags,
        security,
        summary:
          'Revoke a customer’s identity verification (e.g. fraudulent documents): back to the entry tier',
        params: z.object({ customerId: z.uuid() }),
        body: z.strictObject({ reason: ZText(500, 3) }),
        response: {
          200: z.object({
            tier: z.number().int(),
            fromTier: z.number().int(),
            capClamped: z.boolean(),
            rejectedReviews: z.number().int(),
          }),
        },
      },
    },
    async (req) => {
      const r = await reviews.revokeTier(req.params.customerId, req.staff!.id, req.body.reason);
      if (!r.ok) throw failureToHttp(kycReviewErrors, r);
      return r.value;
    },
  );
}
