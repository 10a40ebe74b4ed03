import { err, failureToHttp } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { merchantErrors, merchantReviewErrors } from '../merchants/merchants.errors.ts';
import { ZMerchantParams } from '../merchants/merchants.schema.ts';
import type { MerchantsService } from '../merchants/merchants.service.ts';
import { ZSettlementList, ZSettlementQuery } from './settlements.schema.ts';
import type { SettlementsService } from './settlements.service.ts';

const description =
  'One row per business day (Asia/Shanghai) since the merchant’s first payment, newest first: gross, ' +
  'refunds, MDR fee, net paid to the settlement bank account (shown masked). Days with nothing to pay ' +
  'out have status nothing_to_settle. Up to `limit` (100) per page; `nextCursor` pages back.';

/** Daily settlements: owners (session), the merchant's own API key, and staff who review merchants. */
export function settlementRoutes(
  app: App,
  deps: {
    settlements: SettlementsService;
    merchants: Pick<MerchantsService, 'asOwner'>;
    /** Whether a merchant exists (the staff route answers 404 for one that does not). */
    exists: (merchantId: string) => Promise<boolean>;
  },
) {
  app.get(
    '/v1/merchants/:merchantId/settlements',
    {
      config: { auth: 'customer' as const },
      schema: {
        tags: ['merchants'],
        security: [{ session: [] }],
        summary: 'The merchant’s daily settlements (owners only)',
        description,
        params: ZMerchantParams,
        querystring: ZSettlementQuery,
        response: { 200: ZSettlementList },
      },
    },
    async (req) => {
      const owner = await deps.merchants.asOwner(req.customer!.id, req.params.merchantId);
      if (!owner.ok) throw failureToHttp(merchantErrors, owner);
      return deps.settlements.list(owner.value.id, req.query);
    },
  );
  app.get(
    '/v1/merchant/settlements',
    {
      config: { auth: 'merchant' as const, scope: 'settlements:read' as const },
      schema: {
        tags: ['merchant API'],
        security: [{ merchantKey: [] }],
        summary: 'This merchant’s daily settlements (scope settlements:read)',
        description,
        querystring: ZSettlementQuery,
        response: { 200: ZSettlementList },
      },
    },
    async (req) => deps.settlements.list(req.merchant!.merchantId, req.query),
  );
  app.get(
    '/v1/staff/merchants/:merchantId/settlements',
    {
      config: { auth: 'staff' as const, permission: 'merchant.review' },
      schema: {
        tags: ['back-office'],
        security: [{ staffSession: [] }],
        summary: 'A merchant’s daily settlements',
        description,
        params: ZMerchantParams,
        querystring: ZSettlementQuery,
        response: { 200: ZSettlementList },
      },
    },
    async (req) => {
      if (!(await deps.exists(req.params.merchantId)))
        throw failureToHttp(merchantReviewErrors, err('MERCHANT_NOT_FOUND'));
      return deps.settlements.list(req.params.merchantId, req.query);
    },
  );
}
