import { failureToHttp } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { payCodeErrors } from './pay-codes.errors.ts';
import { ZPayCode } from './pay-codes.schema.ts';
import type { PayCodesService } from './pay-codes.service.ts';

export function payCodeRoutes(app: App, payCodes: PayCodesService) {
  app.post(
    '/v1/pay-codes',
    {
      config: { auth: 'customer', scope: 'payment' },
      schema: {
        tags: ['payment codes and NFC'],
        security: [{ session: [] }],
        summary: 'A one-time payment code (付款码) to show a merchant’s POS: 18 digits, valid 60 seconds',
        description:
          'Bound to you, your wallet and this device; a new code replaces the earlier ones of this device. A merchant submits it with the amount (POST /v1/merchant/pos/payments); it pays at most once.',
        response: { 201: ZPayCode },
      },
    },
    async (req, reply) => {
      const r = await payCodes.issue(req.customer!);
      if (!r.ok) throw failureToHttp(payCodeErrors, r);
      return reply.code(201).send(r.value);
    },
  );
}
