import { z } from 'zod';
import { failureToHttp } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { signInMeta, ZDeviceHeaders, ZPhone, ZSession } from '../identity/index.ts';
import { passkeyErrors } from './passkeys.errors.ts';
import {
  ZAuthenticationResponse,
  ZCreationOptions,
  ZPasskey,
  ZRegistrationResponse,
  ZRequestOptions,
} from './passkeys.schema.ts';
import type { PasskeysService } from './passkeys.service.ts';

const tags = ['passkeys'];
const security = [{ session: [] }];

export function passkeyRoutes(app: App, svc: PasskeysService) {
  app.post(
    '/v1/me/passkeys/registration/options',
    {
      config: {
        auth: 'customer',
        scope: 'payment',
        device: 'trusted',
        rateLimit: { bucket: 'pin' },
        idempotency: false,
      },
      schema: {
        tags,
        security,
        summary:
          'Start adding a passkey (needs the login password): options for navigator.credentials.create(), valid five minutes',
        body: z.strictObject({ password: z.string().min(1).max(128) }),
        response: { 200: ZCreationOptions },
      },
    },
    async (req) => {
      const r = await svc.registrationOptions(req.customer!.id, req.body.password);
      if (!r.ok) throw failureToHttp(passkeyErrors, r);
      return r.value;
    },
  );
  app.post(
    '/v1/me/passkeys/registration',
    {
      config: { auth: 'customer', scope: 'payment', device: 'trusted', rateLimit: { bucket: 'pin' } },
      schema: {
        tags,
        security,
        summary: "Finish adding a passkey: the authenticator's answer (RegistrationResponseJSON) and a name",
        body: ZRegistrationResponse,
        response: { 201: ZPasskey },
      },
    },
    async (req, reply) => {
      const r = await svc.register(req.customer!.id, req.body);
      if (!r.ok) throw failureToHttp(passkeyErrors, r);
      return reply.code(201).send(r.value);
    },
  );
  app.get(
    '/v1/me/passkeys',
    {
      config: { auth: 'customer' },
      schema: {
        tags,
        security,
        summary: 'Your passkeys',
        response: { 200: z.object({ items: z.array(ZPasskey) }) },
      },
    },
    async (req) => ({ items: await svc.list(req.customer!.id) }),
  );
  app.delete(
    '/v1/me/passkeys/:passkeyId',
    {
      config: { auth: 'customer' },
      schema: {
        tags,
        security,
        summary: 'Remove a passkey (it no longer signs in nor confirms payments)',
        params: z.object({ passkeyId: z.uuid() }),
        response: { 200: z.object({ status: z.literal('removed') }) },
      },
    },
    async (req) => {
      const r = await svc.remove(req.customer!.id, req.params.passkeyId);
      if (!r.ok) throw failureToHttp(passkeyErrors, r);
      return { status: 'removed' as const };
    },
  );
  app.post(
    '/v1/auth/passkey/options',
    {
      // Like the password sign-in: not stored by idempotency, limited per caller.
      config: { idempotency: false, rateLimit: { bucket: 'login' } },
      schema: {
        tags,
        summary:
          'Start a passwordless sign-in: options for navigator.credentials.get() (the same shape whether or not the phone is registered)',
        body: z.strictObject({ phone: ZPhone.optional() }),
        response: { 200: ZRequestOptions },
      },
    },
    async (req) => svc.signInOptions(req.body.phone),
  );
  app.post(
    '/v1/auth/passkey',
    {
      config: { idempotency: false, rateLimit: { bucket: 'login' } },
      schema: {
        tags,
        summary: "Sign in with a passkey: the authenticator's answer (AuthenticationResponseJSON)",
        headers: ZDeviceHeaders,
        body: ZAuthenticationResponse,
        response: { 200: ZSession },
      },
    },
    async (req) => {
      const r = await svc.signIn(req.body, signInMeta(req));
      if (!r.ok) throw failureToHttp(passkeyErrors, r);
      return r.value;
    },
  );
}
