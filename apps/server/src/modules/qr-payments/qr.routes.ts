import { paymentSession } from '../../flows/outgoing-checks.ts';
import type { QrPaymentFlow } from '../../flows/qr-payment.ts';
import { failureToHttp } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { sendCreated } from '../../platform/http/idempotency.ts';
import { ZMerchantParams } from '../merchants/merchants.schema.ts';
import { qrCodeErrors, qrPaymentErrors } from './qr.errors.ts';
import {
  ZCreateQrCode,
  ZQrCode,
  ZQrCodeList,
  ZQrCodeParams,
  ZQrPay,
  ZQrPayment,
  ZQrResolve,
  ZQrResolved,
} from './qr.schema.ts';
import type { QrCodesService } from './qr-codes.service.ts';

const security = [{ session: [] }];

/** The merchant's codes (owners create and disable, owners and cashiers list) and the customer's scan and payment. */
export function qrRoutes(app: App, codes: QrCodesService, flow: QrPaymentFlow) {
  const tags = ['merchant QR'];
  app.post(
    '/v1/merchants/:merchantId/qr-codes',
    {
      config: { auth: 'customer' },
      schema: {
        tags,
        security,
        summary:
          'Create a QR code for an active merchant you own: static (the customer types the amount) or dynamic',
        description:
          'A dynamic code fixes the amount and an optional order reference, is paid at most once and expires (at most 24 hours). The payload is the EMVCo merchant-presented text to render as a QR symbol.',
        params: ZMerchantParams,
        body: ZCreateQrCode,
        response: { 201: ZQrCode },
      },
    },
    async (req, reply) => {
      const r = await codes.create(req.customer!.id, req.params.merchantId, req.body);
      if (!r.ok) throw failureToHttp(qrCodeErrors, r);
      return reply.code(201).send(r.value);
    },
  );
  app.get(
    '/v1/merchants/:merchantId/qr-codes',
    {
      config: { auth: 'customer' },
      schema: {
        tags,
        security,
        summary: "The merchant's QR codes, newest first (owners and cashiers)",
        params: ZMerchantParams,
        response: { 200: ZQrCodeList },
      },
    },
    async (req) => {
      const r = await codes.list(req.customer!.id, req.params.merchantId);
      if (!r.ok) throw failureToHttp(qrCodeErrors, r);
      return { items: r.value };
    },
  );
  app.post(
    '/v1/merchants/:merchantId/qr-codes/:qrCodeId/disable',
    {
      config: { auth: 'customer' },
      schema: {
        tags,
        security,
        summary: 'Disable a QR code (owners): scans of it are refused from now on; a paid code stays paid',
        params: ZQrCodeParams,
        response: { 200: ZQrCode },
      },
    },
    async (req) => {
      const r = await codes.disable(req.customer!.id, req.params.merchantId, req.params.qrCodeId);
      if (!r.ok) throw failureToHttp(qrCodeErrors, r);
      return r.value;
    },
  );
  app.post(
    '/v1/qr/resolve',
    {
      config: { auth: 'customer' },
      schema: {
        tags,
        security,
        summary: 'What a scanned merchant QR code is: the merchant, and the amount when it is fixed',
        body: ZQrResolve,
        response: { 200: ZQrResolved },
      },
    },
    async (req) => {
      const r = await flow.resolve(req.body.payload);
      if (!r.ok) throw failureToHttp(qrPaymentErrors, r);
      return r.value;
    },
  );
  app.post(
    '/v1/qr/pay',
    {
      config: { auth: 'customer', scope: 'payment', idempotency: 'ledger' },
      schema: {
        tags,
        security,
        summary: "Pay a merchant's QR code from your wallet",
        description:
          'Send an Idempotency-Key: a retry with the same key returns the original result and never pays twice. A static code needs `amount`; a dynamic code refuses one (AMOUNT_FIXED).',
        body: ZQrPay,
        response: { 201: ZQrPayment },
      },
    },
    async (req, reply) => {
      const key = req.headers['idempotency-key'];
      const r = await flow.pay(
        req.customer!.id,
        req.body,
        typeof key === 'string' ? key : undefined,
        paymentSession(req.customer!),
        req.ledgerIdempotency,
      );
      if (!r.ok) throw failureToHttp(qrPaymentErrors, r);
      return sendCreated(req, reply, r.value.payment, r.value.replayed);
    },
  );
}
