import { paymentSession } from '../../flows/outgoing-checks.ts';
import type { PosPaymentFlow } from '../../flows/pos-payment.ts';
import { failureToHttp } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import type { MerchantsService } from '../merchants/index.ts';
import { ZMerchantParams } from '../merchants/merchants.schema.ts';
import { posPaymentErrors } from './pos-payments.errors.ts';
import {
  ZMerchantPosPaymentParams,
  ZPosConfirm,
  ZPosPayment,
  ZPosPaymentList,
  ZPosPaymentParams,
  ZPosSubmit,
} from './pos-payments.schema.ts';

const tags = ['POS payments'];
const session = [{ session: [] }];
const merchantKey = [{ merchantKey: [] }];
const submitDescription =
  'A payment code (`method: pay_code`, the 18 digits and the amount) or a signed NFC tap (`method: nfc`). Answers `completed`, or `awaiting_customer` when the customer confirms on the phone: poll the payment until `completed`, `declined` or `expired`. Idempotent by Idempotency-Key and by `reference` (the same request with the same reference returns the first payment; another one is REFERENCE_CONFLICT).';

/** The merchant's side (API key, or an owner's or cashier's session at the web till) and the customer's. */
export function posPaymentRoutes(app: App, flow: PosPaymentFlow, merchants: MerchantsService) {
  const fail = (r: Parameters<typeof failureToHttp<keyof typeof posPaymentErrors>>[1]) =>
    failureToHttp(posPaymentErrors, r);
  /** An owner or cashier of the merchant; anyone else's merchant answers like a missing one. */
  const staffOf = async (customerId: string, merchantId: string) =>
    (await merchants.access(customerId, merchantId)) !== null;

  app.post(
    '/v1/merchant/pos/payments',
    {
      config: { auth: 'merchant', scope: 'pos:write' },
      schema: {
        tags,
        security: merchantKey,
        summary: "Take a customer's payment code or NFC tap at a POS",
        description: submitDescription,
        body: ZPosSubmit,
        response: { 201: ZPosPayment },
      },
    },
    async (req, reply) => {
      const r = await flow.submit(req.merchant!.merchantId, req.body);
      if (!r.ok) throw fail(r);
      return reply.code(201).send(r.value);
    },
  );
  app.get(
    '/v1/merchant/pos/payments/:paymentId',
    {
      config: { auth: 'merchant', scope: 'pos:write' },
      schema: {
        tags,
        security: merchantKey,
        summary: 'One POS payment of this merchant (poll it while it awaits the customer)',
        params: ZPosPaymentParams,
        response: { 200: ZPosPayment },
      },
    },
    async (req) => {
      const r = await flow.get(req.merchant!.merchantId, req.params.paymentId);
      if (!r.ok) throw fail(r);
      return r.value;
    },
  );
  app.post(
    '/v1/merchants/:merchantId/pos/payments',
    {
      config: { auth: 'customer' },
      schema: {
        tags,
        security: session,
        summary: "The web till (owners and cashiers): take a customer's payment code or NFC tap",
        description: submitDescription,
        params: ZMerchantParams,
        body: ZPosSubmit,
        response: { 201: ZPosPayment },
      },
    },
    async (req, reply) => {
      if (!(await staffOf(req.customer!.id, req.params.merchantId)))
        throw fail({ ok: false, code: 'MERCHANT_NOT_FOUND' });
      const r = await flow.submit(req.params.merchantId, req.body);
      if (!r.ok) throw fail(r);
      return reply.code(201).send(r.value);
    },
  );
  app.get(
    '/v1/merchants/:merchantId/pos/payments/:paymentId',
    {
      config: { auth: 'customer' },
      schema: {
        tags,
        security: session,
        summary: 'One POS payment of the merchant (owners and cashiers)',
        params: ZMerchantPosPaymentParams,
        response: { 200: ZPosPayment },
      },
    },
    async (req) => {
      if (!(await staffOf(req.customer!.id, req.params.merchantId)))
        throw fail({ ok: false, code: 'MERCHANT_NOT_FOUND' });
      const r = await flow.get(req.params.merchantId, req.params.paymentId);
      if (!r.ok) throw fail(r);
      return r.value;
    },
  );
  app.get(
    '/v1/pos-payments/pending',
    {
      config: { auth: 'customer' },
      schema: {
        tags,
        security: session,
        summary: 'Payments waiting at a merchant’s till for you to confirm or decline',
        response: { 200: ZPosPaymentList },
      },
    },
    async (req) => ({ items: await flow.pending(req.customer!.id) }),
  );
  app.post(
    '/v1/pos-payments/:paymentId/confirm',
    {
      config: { auth: 'customer', scope: 'payment' },
      schema: {
        tags,
        security: session,
        summary: 'Confirm a payment waiting at a merchant’s till: it is paid from your wallet',
        description:
          'May answer STEP_UP_REQUIRED with a challenge bound to the amount and the merchant: send the same request again with `stepUp`.',
        params: ZPosPaymentParams,
        body: ZPosConfirm,
        response: { 200: ZPosPayment },
      },
    },
    async (req) => {
      const r = await flow.confirm(
        req.customer!.id,
        req.params.paymentId,
        req.body.stepUp,
        paymentSession(req.customer!),
      );
      if (!r.ok) throw fail(r);
      return r.value;
    },
  );
  app.post(
    '/v1/pos-payments/:paymentId/decline',
    {
      config: { auth: 'customer' },
      schema: {
        tags,
        security: session,
        summary: 'Decline a payment waiting at a merchant’s till (nothing is paid)',
        params: ZPosPaymentParams,
        response: { 200: ZPosPayment },
      },
    },
    async (req) => {
      const r = await flow.decline(req.customer!.id, req.params.paymentId);
      if (!r.ok) throw fail(r);
      return r.value;
    },
  );
}
