import { failureToHttp } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import type { ApiKeysService } from './api-keys.service.ts';
import { merchantErrors } from './merchants.errors.ts';
import {
  ZAddMerchantUser,
  ZApiKey,
  ZApiKeyCreated,
  ZApiKeyList,
  ZApiKeyParams,
  ZCreateApiKey,
  ZCreateMerchant,
  ZMerchant,
  ZMerchantList,
  ZMerchantParams,
  ZMerchantUser,
  ZMerchantUserList,
  ZMerchantUserParams,
  ZRotateApiKey,
} from './merchants.schema.ts';
import type { MerchantsService } from './merchants.service.ts';

const tags = ['merchants'];
const security = [{ session: [] }];
const config = { auth: 'customer' as const };

/** Customer routes: applying as a merchant, the owner's management of users and API keys. */
export function merchantRoutes(app: App, merchants: MerchantsService, keys: ApiKeysService) {
  app.post(
    '/v1/merchants',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Apply as a merchant: you become its owner; staff review it before it goes live',
        description:
          'The settlement account number and the contact phone and email are stored encrypted; answers show them masked.',
        body: ZCreateMerchant,
        response: { 201: ZMerchant },
      },
    },
    async (req, reply) => {
      const r = await merchants.apply(req.customer!.id, req.body);
      if (!r.ok) throw failureToHttp(merchantErrors, r);
      return reply.code(201).send(r.value);
    },
  );
  app.get(
    '/v1/me/merchants',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'The merchants you own or work for, with your role',
        response: { 200: ZMerchantList },
      },
    },
    async (req) => ({ items: await merchants.listMine(req.customer!.id) }),
  );
  app.get(
    '/v1/merchants/:merchantId',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'One merchant you own or work for (anyone else’s answers like a missing one)',
        params: ZMerchantParams,
        response: { 200: ZMerchant },
      },
    },
    async (req) => {
      const r = await merchants.get(req.customer!.id, req.params.merchantId);
      if (!r.ok) throw failureToHttp(merchantErrors, r);
      return r.value;
    },
  );

  app.get(
    '/v1/merchants/:merchantId/users',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'The merchant’s users (owners only; names and phones masked)',
        params: ZMerchantParams,
        response: { 200: ZMerchantUserList },
      },
    },
    async (req) => {
      const r = await merchants.listUsers(req.customer!.id, req.params.merchantId);
      if (!r.ok) throw failureToHttp(merchantErrors, r);
      return { items: r.value };
    },
  );
  app.post(
    '/v1/merchants/:merchantId/users',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Add an existing customer as a cashier (or owner) by phone (owners only)',
        params: ZMerchantParams,
        body: ZAddMerchantUser,
        response: { 201: ZMerchantUser },
      },
    },
    async (req, reply) => {
      const r = await merchants.addUser(req.customer!.id, req.params.merchantId, req.body);
      if (!r.ok) throw failureToHttp(merchantErrors, r);
      return reply.code(201).send(r.value);
    },
  );
  app.delete(
    '/v1/merchants/:merchantId/users/:userId',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Remove a user (owners only; the last owner stays)',
        params: ZMerchantUserParams,
        response: { 200: ZMerchantUser },
      },
    },
    async (req) => {
      const r = await merchants.removeUser(req.customer!.id, req.params.merchantId, req.params.userId);
      if (!r.ok) throw failureToHttp(merchantErrors, r);
      return r.value;
    },
  );

  app.get(
    '/v1/merchants/:merchantId/api-keys',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'The merchant’s API keys: prefix, name, scopes, dates (never the key; owners only)',
        params: ZMerchantParams,
        response: { 200: ZApiKeyList },
      },
    },
    async (req) => {
      const r = await keys.list(req.customer!.id, req.params.merchantId);
      if (!r.ok) throw failureToHttp(merchantErrors, r);
      return { items: r.value };
    },
  );
  app.post(
    '/v1/merchants/:merchantId/api-keys',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Create an API key for server-to-server calls: the key is shown in this answer only',
        params: ZMerchantParams,
        body: ZCreateApiKey,
        response: { 201: ZApiKeyCreated },
      },
    },
    async (req, reply) => {
      const r = await keys.create(req.customer!.id, req.params.merchantId, req.body);
      if (!r.ok) throw failureToHttp(merchantErrors, r);
      return reply.code(201).send(r.value);
    },
  );
  app.post(
    '/v1/merchants/:merchantId/api-keys/:keyId/revoke',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Revoke an API key at once (owners only)',
        params: ZApiKeyParams,
        response: { 200: ZApiKey },
      },
    },
    async (req) => {
      const r = await keys.revoke(req.customer!.id, req.params.merchantId, req.params.keyId);
      if (!r.ok) throw failureToHttp(merchantErrors, r);
      return r.value;
    },
  );
  app.post(
    '/v1/merchants/:merchantId/api-keys/:keyId/rotate',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Rotate an API key: a new key (shown once); the old one works until the overlap ends',
        params: ZApiKeyParams,
        body: ZRotateApiKey,
        response: { 201: ZApiKeyCreated.extend({ previous: ZApiKey }) },
      },
    },
    async (req, reply) => {
      const r = await keys.rotate(
        req.customer!.id,
        req.params.merchantId,
        req.params.keyId,
        req.body.overlapSeconds,
      );
      if (!r.ok) throw failureToHttp(merchantErrors, r);
      return reply.code(201).send(r.value);
    },
  );
}
