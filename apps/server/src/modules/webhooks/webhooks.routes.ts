import { failureToHttp } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { ZMerchantParams } from '../merchants/merchants.schema.ts';
import { webhookErrors } from './webhooks.errors.ts';
import {
  ZCreateWebhook,
  ZDeliveryParams,
  ZRotateWebhookSecret,
  ZWebhook,
  ZWebhookCreated,
  ZWebhookDelivery,
  ZWebhookDeliveryList,
  ZWebhookList,
  ZWebhookParams,
  ZWebhookTestSent,
} from './webhooks.schema.ts';
import type { WebhooksService } from './webhooks.service.ts';

const tags = ['webhooks'];
const security = [{ session: [] }];
const config = { auth: 'customer' as const };

/** The merchant owner's management of webhook endpoints and their delivery log. */
export function webhookRoutes(app: App, webhooks: WebhooksService) {
  app.post(
    '/v1/merchants/:merchantId/webhooks',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Register a webhook endpoint: the signing secret is shown in this answer only (owners only)',
        params: ZMerchantParams,
        body: ZCreateWebhook,
        response: { 201: ZWebhookCreated },
      },
    },
    async (req, reply) => {
      const r = await webhooks.create(req.customer!.id, req.params.merchantId, req.body);
      if (!r.ok) throw failureToHttp(webhookErrors, r);
      return reply.code(201).send(r.value);
    },
  );
  app.get(
    '/v1/merchants/:merchantId/webhooks',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'The merchant’s webhook endpoints (never their secrets; owners only)',
        params: ZMerchantParams,
        response: { 200: ZWebhookList },
      },
    },
    async (req) => {
      const r = await webhooks.list(req.customer!.id, req.params.merchantId);
      if (!r.ok) throw failureToHttp(webhookErrors, r);
      return { items: r.value };
    },
  );
  app.delete(
    '/v1/merchants/:merchantId/webhooks/:webhookId',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Delete a webhook endpoint: nothing more is sent there (owners only)',
        params: ZWebhookParams,
        response: { 200: ZWebhook },
      },
    },
    async (req) => {
      const r = await webhooks.remove(req.customer!.id, req.params.merchantId, req.params.webhookId);
      if (!r.ok) throw failureToHttp(webhookErrors, r);
      return r.value;
    },
  );
  app.post(
    '/v1/merchants/:merchantId/webhooks/:webhookId/rotate-secret',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'A new signing secret (shown once); deliveries are signed with both during the overlap',
        params: ZWebhookParams,
        body: ZRotateWebhookSecret,
        response: { 201: ZWebhookCreated },
      },
    },
    async (req, reply) => {
      const r = await webhooks.rotateSecret(
        req.customer!.id,
        req.params.merchantId,
        req.params.webhookId,
        req.body.overlapSeconds,
      );
      if (!r.ok) throw failureToHttp(webhookErrors, r);
      return reply.code(201).send(r.value);
    },
  );
  app.post(
    '/v1/merchants/:merchantId/webhooks/:webhookId/test',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Send a merchant.ping test event to this endpoint (delivered like any event)',
        params: ZWebhookParams,
        response: { 202: ZWebhookTestSent },
      },
    },
    async (req, reply) => {
      const r = await webhooks.sendTest(req.customer!.id, req.params.merchantId, req.params.webhookId);
      if (!r.ok) throw failureToHttp(webhookErrors, r);
      return reply.code(202).send(r.value);
    },
  );
  app.get(
    '/v1/merchants/:merchantId/webhooks/:webhookId/deliveries',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'The endpoint’s delivery log, newest first: status, every attempt, the next one',
        params: ZWebhookParams,
        response: { 200: ZWebhookDeliveryList },
      },
    },
    async (req) => {
      const r = await webhooks.deliveries(req.customer!.id, req.params.merchantId, req.params.webhookId);
      if (!r.ok) throw failureToHttp(webhookErrors, r);
      return { items: r.value };
    },
  );
  app.post(
    '/v1/merchants/:merchantId/webhooks/:webhookId/deliveries/:deliveryId/resend',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Send a delivery again now: the same event id and the same body',
        params: ZDeliveryParams,
        response: { 202: ZWebhookDelivery },
      },
    },
    async (req, reply) => {
      const r = await webhooks.resend(
        req.customer!.id,
        req.params.merchantId,
        req.params.webhookId,
        req.params.deliveryId,
      );
      if (!r.ok) throw failureToHttp(webhookErrors, r);
      return reply.code(202).send(r.value);
    },
  );
}
