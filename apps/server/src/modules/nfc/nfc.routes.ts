import { z } from 'zod';
import { failureToHttp } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { nfcKeyErrors } from './nfc.errors.ts';
import { ZNfcKey, ZNfcKeyList, ZNfcKeyParams, ZRegisterNfcKey } from './nfc.schema.ts';
import type { NfcService } from './nfc.service.ts';

const tags = ['payment codes and NFC'];
const security = [{ session: [] }];

export function nfcRoutes(app: App, nfc: NfcService) {
  app.post(
    '/v1/nfc/keys',
    {
      config: { auth: 'customer', scope: 'payment', device: 'trusted' },
      schema: {
        tags,
        security,
        summary: 'Register this device’s NFC payment key (replaces its earlier one; trusted devices only)',
        description:
          'The device keeps the private key and signs taps with it (see "Payment codes, taps and the POS" in docs/api.md).',
        body: ZRegisterNfcKey,
        response: { 201: ZNfcKey },
      },
    },
    async (req, reply) => {
      const r = await nfc.register(req.customer!, req.body);
      if (!r.ok) throw failureToHttp(nfcKeyErrors, r);
      return reply.code(201).send(r.value);
    },
  );
  app.get(
    '/v1/nfc/keys',
    {
      config: { auth: 'customer' },
      schema: { tags, security, summary: 'Your active NFC keys', response: { 200: ZNfcKeyList } },
    },
    async (req) => ({ items: await nfc.list(req.customer!.id) }),
  );
  app.delete(
    '/v1/nfc/keys/:keyId',
    {
      config: { auth: 'customer' },
      schema: {
        tags,
        security,
        summary: 'Remove an NFC key: its taps are refused from now on',
        params: ZNfcKeyParams,
        response: { 200: z.object({ status: z.literal('revoked') }) },
      },
    },
    async (req) => {
      const r = await nfc.revoke(req.customer!.id, req.params.keyId);
      if (!r.ok) throw failureToHttp(nfcKeyErrors, r);
      return { status: 'revoked' as const };
    },
  );
}
