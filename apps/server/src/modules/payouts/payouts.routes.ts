import type { MerchantPayoutFlow } from '../../flows/merchant-payout.ts';
import { failureToHttp } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { payoutErrors } from './payouts.errors.ts';
import { MAX_PAYOUT_ITEMS, PAYOUT_BODY_LIMIT, ZPayoutBatch, ZPayoutBatchResult } from './payouts.schema.ts';

export type PayoutRouteDeps = { payouts: MerchantPayoutFlow };

/** Merchant batch payouts (issue 6): the merchant's server pays up to 8,000 customer wallets at once. */
export function payoutRoutes(app: App, { payouts }: PayoutRouteDeps) {
  app.post(
    '/v1/merchant/payouts',
    {
      // 8,000 items are 1–2 MB of JSON; every other route keeps the app's 64 KB limit.
      bodyLimit: PAYOUT_BODY_LIMIT,
      config: { auth: 'merchant', scope: 'payouts:write' },
      schema: {
        tags: ['merchant API'],
        security: [{ merchantKey: [] }],
        summary: `Pay up to ${MAX_PAYOUT_ITEMS} customer wallets from the merchant's account (cashback, rebates, wages)`,
        description:
          "Answers 200 with one result per item, in request order: `created`, `exists` (paid earlier under this reference: never paid twice) or `failed` with a code. Items are independent: a failed item never fails its neighbours; items are paid in request order, so when the merchant's balance runs out the later items fail with INSUFFICIENT_FUNDS. A malformed request (over 8,000 items, duplicate references, an amount that is not a positive CNY amount) is 400 and pays nothing.",
        body: ZPayoutBatch,
        response: { 200: ZPayoutBatchResult },
      },
    },
    async (req) => {
      const r = await payouts.pay(req.merchant!.merchantId, req.body);
      if (!r.ok) throw failureToHttp(payoutErrors, r);
      return r.value;
    },
  );
}
