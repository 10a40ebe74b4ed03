import { failureToHttp } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { ZMerchantParams } from '../merchants/merchants.schema.ts';
import { salesErrors } from './sales.errors.ts';
import { ZPaymentList, ZPaymentsQuery, ZSales, ZSalesQuery } from './sales.schema.ts';
import type { MerchantSalesService } from './sales.service.ts';

/** The portal's takings: sales per day and the incoming payments (owners and cashiers). */
export function merchantSalesRoutes(app: App, sales: MerchantSalesService) {
  const config = { auth: 'customer' as const };
  const security = [{ session: [] }];
  app.get(
    '/v1/merchants/:merchantId/sales',
    {
      config,
      schema: {
        tags: ['merchants'],
        security,
        summary: 'Sales per day (owners and cashiers)',
        description:
          'Per Asia/Shanghai day from `from` to `to` (at most 92 days; default the last 30 days): the ' +
          'payments received by any method (count and gross) and the refunds, from the merchant’s ledger ' +
          'account; settlements are left out. `400 INVALID_DATE_RANGE` otherwise.',
        params: ZMerchantParams,
        querystring: ZSalesQuery,
        response: { 200: ZSales },
      },
    },
    async (req) => {
      const r = await sales.sales(req.customer!.id, req.params.merchantId, req.query);
      if (!r.ok) throw failureToHttp(salesErrors, r);
      return r.value;
    },
  );
  app.get(
    '/v1/merchants/:merchantId/payments',
    {
      config,
      schema: {
        tags: ['merchants'],
        security,
        summary: 'Incoming payments, newest first (owners and cashiers)',
        description:
          'Every payment received — QR code, payment code, NFC tap, online order — with the payer’s ' +
          'masked name. Up to `limit` (default 20) per page; `nextCursor` pages back.',
        params: ZMerchantParams,
        querystring: ZPaymentsQuery,
        response: { 200: ZPaymentList },
      },
    },
    async (req) => {
      const r = await sales.payments(req.customer!.id, req.params.merchantId, req.query);
      if (!r.ok) throw failureToHttp(salesErrors, r);
      return r.value;
    },
  );
}
