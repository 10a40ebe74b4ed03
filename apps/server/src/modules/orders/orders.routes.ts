import type { OrderPaymentFlow } from '../../flows/order-payment.ts';
import { paymentSession } from '../../flows/outgoing-checks.ts';
import type { RefundFlow } from '../../flows/refund.ts';
import { err, failureToHttp } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import type { MerchantsService } from '../merchants/index.ts';
import { ZMerchantParams } from '../merchants/merchants.schema.ts';
import { orderErrors, orderPaymentErrors, type RefundError, refundErrors } from './orders.errors.ts';
import {
  ZCheckout,
  ZCheckoutPay,
  ZCreateOrder,
  ZCreateRefund,
  ZMerchantOrderParams,
  ZOrder,
  ZOrderList,
  ZOrderParams,
  ZOrderPayment,
  ZOrderQuery,
  ZRefund,
  ZRefundList,
} from './orders.schema.ts';
import type { OrdersService } from './orders.service.ts';

const merchantKey = [{ merchantKey: [] }];
const session = [{ session: [] }];

export type OrderRouteDeps = {
  orders: OrdersService;
  payments: OrderPaymentFlow;
  refunds: RefundFlow;
  merchants: MerchantsService;
};

/**
 * Online checkout (issue 5, part 6): the merchant's server-to-server order and refund API, the
 * portal's views for owners and cashiers (refunds: owners), and the customer's hosted pay page.
 */
export function orderRoutes(app: App, deps: OrderRouteDeps) {
  merchantApi(app, deps);
  portal(app, deps);
  checkout(app, deps);
}

function merchantApi(app: App, { orders, refunds }: OrderRouteDeps) {
  const tags = ['merchant API'];
  app.post(
    '/v1/merchant/orders',
    {
      config: { auth: 'merchant', scope: 'orders:write' },
      schema: {
        tags,
        security: merchantKey,
        summary: 'Create an order for the customer to pay on the hosted page (201), or get it again (200)',
        description:
          'Idempotent by `reference`: the same body again answers 200 with the same order; another body under that reference is 409 ORDER_REFERENCE_REUSED. Send the customer to `checkoutUrl`.',
        body: ZCreateOrder,
        response: { 200: ZOrder, 201: ZOrder },
      },
    },
    async (req, reply) => {
      const r = await orders.create(req.merchant!.merchantId, req.body);
      if (!r.ok) throw failureToHttp(orderErrors, r);
      return reply.code(r.value.created ? 201 : 200).send(r.value.order);
    },
  );
  app.get(
    '/v1/merchant/orders',
    {
      config: { auth: 'merchant', scope: 'orders:read' },
      schema: {
        tags,
        security: merchantKey,
        summary: "The merchant's orders, newest first (an open order past its expiry reads as expired)",
        querystring: ZOrderQuery,
        response: { 200: ZOrderList },
      },
    },
    async (req) => orders.list(req.merchant!.merchantId, req.query),
  );
  app.get(
    '/v1/merchant/orders/:orderId',
    {
      config: { auth: 'merchant', scope: 'orders:read' },
      schema: {
        tags,
        security: merchantKey,
        summary: 'One order',
        params: ZOrderParams,
        response: { 200: ZOrder },
      },
    },
    async (req) => {
      const r = await orders.get(req.merchant!.merchantId, req.params.orderId);
      if (!r.ok) throw failureToHttp(orderErrors, r);
      return r.value;
    },
  );
  app.post(
    '/v1/merchant/orders/:orderId/cancel',
    {
      config: { auth: 'merchant', scope: 'orders:write' },
      schema: {
        tags,
        security: merchantKey,
        summary: 'Cancel an open order: it can no longer be paid',
        params: ZOrderParams,
        response: { 200: ZOrder },
      },
    },
    async (req) => {
      const r = await orders.cancel(req.merchant!.merchantId, req.params.orderId);
      if (!r.ok) throw failureToHttp(orderErrors, r);
      return r.value;
    },
  );
  app.post(
    '/v1/merchant/orders/:orderId/refunds',
    {
      config: { auth: 'merchant', scope: 'refunds:write' },
      schema: {
        tags,
        security: merchantKey,
        summary: 'Refund (part of) a paid order to the wallet that paid it',
        description:
          'Never more than was paid in total, whatever the concurrency (422 REFUND_EXCEEDS_PAID). Idempotent by `reference`: the same body again answers the same refund; another body under that reference is 409 REFUND_REFERENCE_REUSED.',
        params: ZOrderParams,
        body: ZCreateRefund,
        response: { 201: ZRefund },
      },
    },
    async (req, reply) => {
      const m = req.merchant!;
      const r = await refunds.refund(m.merchantId, req.params.orderId, req.body, `merchant-key:${m.keyId}`);
      if (!r.ok) throw failureToHttp(refundErrors, r);
      return reply.code(201).send(r.value);
    },
  );
  app.get(
    '/v1/merchant/orders/:orderId/refunds',
    {
      config: { auth: 'merchant', scope: 'orders:read' },
      schema: {
        tags,
        security: merchantKey,
        summary: "An order's refunds, newest first",
        params: ZOrderParams,
        response: { 200: ZRefundList },
      },
    },
    async (req) => {
      const r = await orders.refunds(req.merchant!.merchantId, req.params.orderId);
      if (!r.ok) throw failureToHttp(orderErrors, r);
      return { items: r.value };
    },
  );
}

function portal(app: App, { orders, refunds, merchants }: OrderRouteDeps) {
  const tags = ['merchant orders'];
  const config = { auth: 'customer' as const };
  app.get(
    '/v1/merchants/:merchantId/orders',
    {
      config,
      schema: {
        tags,
        security: session,
        summary: "The merchant's online orders, newest first (owners and cashiers)",
        params: ZMerchantParams,
        querystring: ZOrderQuery,
        response: { 200: ZOrderList },
      },
    },
    async (req) => {
      const m = await orders.asMember(req.customer!.id, req.params.merchantId);
      if (!m.ok) throw failureToHttp(orderErrors, m);
      return orders.list(m.value, req.query);
    },
  );
  app.get(
    '/v1/merchants/:merchantId/orders/:orderId',
    {
      config,
      schema: {
        tags,
        security: session,
        summary: 'One order (owners and cashiers)',
        params: ZMerchantOrderParams,
        response: { 200: ZOrder },
      },
    },
    async (req) => {
      const m = await orders.asMember(req.customer!.id, req.params.merchantId);
      if (!m.ok) throw failureToHttp(orderErrors, m);
      const r = await orders.get(m.value, req.params.orderId);
      if (!r.ok) throw failureToHttp(orderErrors, r);
      return r.value;
    },
  );
  app.get(
    '/v1/merchants/:merchantId/orders/:orderId/refunds',
    {
      config,
      schema: {
        tags,
        security: session,
        summary: "An order's refunds (owners and cashiers)",
        params: ZMerchantOrderParams,
        response: { 200: ZRefundList },
      },
    },
    async (req) => {
      const m = await orders.asMember(req.customer!.id, req.params.merchantId);
      if (!m.ok) throw failureToHttp(orderErrors, m);
      const r = await orders.refunds(m.value, req.params.orderId);
      if (!r.ok) throw failureToHttp(orderErrors, r);
      return { items: r.value };
    },
  );
  app.post(
    '/v1/merchants/:merchantId/orders/:orderId/refunds',
    {
      config,
      schema: {
        tags,
        security: session,
        summary: 'Refund (part of) a paid order (owners only; cashiers are refused)',
        params: ZMerchantOrderParams,
        body: ZCreateRefund,
        response: { 201: ZRefund },
      },
    },
    async (req, reply) => {
      const owner = await merchants.asOwner(req.customer!.id, req.params.merchantId);
      if (!owner.ok)
        throw failureToHttp(
          refundErrors,
          err(
            owner.code === 'MERCHANT_ROLE_FORBIDDEN'
              ? 'MERCHANT_ROLE_FORBIDDEN'
              : ('MERCHANT_NOT_FOUND' as RefundError),
          ),
        );
      const r = await refunds.refund(
        req.params.merchantId,
        req.params.orderId,
        req.body,
        `customer:${req.customer!.id}`,
      );
      if (!r.ok) throw failureToHttp(refundErrors, r);
      return reply.code(201).send(r.value);
    },
  );
}

function checkout(app: App, { orders, payments }: OrderRouteDeps) {
  const tags = ['checkout'];
  app.get(
    '/v1/checkout/:orderId',
    {
      config: { auth: 'customer' },
      schema: {
        tags,
        security: session,
        summary: 'What the hosted pay page shows: the merchant, amount, description and status of an order',
        description:
          'The order id is the capability: anyone signed in who holds the checkout link can see and pay the order (ids are random).',
        params: ZOrderParams,
        response: { 200: ZCheckout },
      },
    },
    async (req) => {
      const r = await orders.checkout(req.params.orderId);
      if (!r.ok) throw failureToHttp(orderErrors, r);
      return r.value;
    },
  );
  app.post(
    '/v1/checkout/:orderId/pay',
    {
      config: { auth: 'customer', scope: 'payment' },
      schema: {
        tags,
        security: session,
        summary: 'Pay an order from your wallet',
        description:
          'Send an Idempotency-Key: a retry with the same key returns the original result. An order is paid once (409 ORDER_ALREADY_PAID to anyone else); expired and cancelled orders are refused (409 ORDER_EXPIRED, ORDER_CANCELLED). STEP_UP_REQUIRED is answered as on /v1/qr/pay.',
        params: ZOrderParams,
        body: ZCheckoutPay,
        response: { 201: ZOrderPayment },
      },
    },
    async (req, reply) => {
      const key = req.headers['idempotency-key'];
      const r = await payments.pay(
        req.customer!.id,
        req.params.orderId,
        req.body,
        typeof key === 'string' ? key : undefined,
        paymentSession(req.customer!),
      );
      if (!r.ok) throw failureToHttp(orderPaymentErrors, r);
      return reply.code(201).send(r.value);
    },
  );
}
