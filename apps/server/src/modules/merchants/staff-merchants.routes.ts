import { z } from 'zod';
import { failureToHttp } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import type { MerchantReviewService } from './merchant-review.service.ts';
import { merchantReviewErrors } from './merchants.errors.ts';
import { ZMerchant, ZMerchantParams, ZRejectMerchant, ZStaffMerchantQuery } from './merchants.schema.ts';

const tags = ['back-office'];
const security = [{ staffSession: [] }];
const ZStaffMerchant = ZMerchant.extend({
  ownerId: z.string(),
  accounts: z.array(z.object({ currency: z.string(), accountId: z.string() })),
});

/** Staff review of merchant applications (permission `merchant.review`). */
export function staffMerchantRoutes(app: App, reviews: MerchantReviewService) {
  const config = { auth: 'staff' as const, permission: 'merchant.review' };
  app.get(
    '/v1/staff/merchants',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Merchants by status (default: applications waiting for review), oldest first',
        querystring: ZStaffMerchantQuery,
        response: { 200: z.object({ items: z.array(ZStaffMerchant), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => reviews.list(req.query),
  );
  app.get(
    '/v1/staff/merchants/:merchantId',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'One merchant (contact details masked)',
        params: ZMerchantParams,
        response: { 200: ZStaffMerchant },
      },
    },
    async (req) => {
      const r = await reviews.get(req.params.merchantId);
      if (!r.ok) throw failureToHttp(merchantReviewErrors, r);
      return r.value;
    },
  );
  app.post(
    '/v1/staff/merchants/:merchantId/approve',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Approve an application: the merchant goes live and its settlement account opens',
        params: ZMerchantParams,
        body: z.strictObject({}).optional(),
        response: { 200: ZStaffMerchant },
      },
    },
    async (req) => {
      const r = await reviews.approve(req.params.merchantId, req.staff!.id);
      if (!r.ok) throw failureToHttp(merchantReviewErrors, r);
      return r.value;
    },
  );
  app.post(
    '/v1/staff/merchants/:merchantId/reject',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Reject an application, with the reason the applicant will read',
        params: ZMerchantParams,
        body: ZRejectMerchant,
        response: { 200: ZStaffMerchant },
      },
    },
    async (req) => {
      const r = await reviews.reject(req.params.merchantId, req.staff!.id, req.body.reason);
      if (!r.ok) throw failureToHttp(merchantReviewErrors, r);
      return r.value;
    },
  );
}
