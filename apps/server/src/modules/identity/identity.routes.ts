import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { err, failureToHttp } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { clientDevice } from './device.ts';
import { identityErrors } from './identity.errors.ts';
import {
  ZDeviceHeaders,
  ZLogin,
  ZMe,
  ZSession,
  ZSignup,
  ZSignupResult,
  ZSmsLogin,
  ZVerificationStarted,
  ZVerifyPhone,
} from './identity.schema.ts';
import type { IdentityService, SignInMeta } from './identity.service.ts';

const tags = ['identity'];
const security = [{ session: [] }];

/**
 * Where a sign-in comes from: `X-Device-Id` (16–128 printable characters, kept by the app) and
 * `X-Device-Name`; a malformed id is refused (400 INVALID_DEVICE_ID) before anything is checked.
 */
export function signInMeta(req: FastifyRequest): SignInMeta {
  const device = clientDevice(req.headers);
  if (!device) throw failureToHttp(identityErrors, err('INVALID_DEVICE_ID'));
  return { userAgent: req.headers['user-agent'], ip: req.ip, device };
}

export function identityRoutes(app: App, identity: IdentityService) {
  app.post(
    '/v1/auth/signup/verify-phone',
    {
      // Not idempotency-stored: every call is answered afresh (a resend is throttled per number).
      config: { idempotency: false, rateLimit: { bucket: 'signup' } },
      schema: {
        tags,
        summary:
          'Start a sign-up: texts a code to the number (the same answer whether or not it already has a wallet)',
        body: ZVerifyPhone,
        response: { 202: ZVerificationStarted },
      },
    },
    async (req, reply) => {
      const r = await identity.startSignupVerification(req.body.phone, { ip: req.ip });
      if (!r.ok) throw failureToHttp(identityErrors, r);
      return reply.code(202).send(r.value);
    },
  );
  app.post(
    '/v1/auth/signup',
    {
      // Auth routes are not idempotency-stored: responses hold session tokens, which are never kept,
      // and a replay must not revive or reuse a session. Sign-up is naturally idempotent: a verification
      // works once (PHONE_TAKEN when phone verification is switched off).
      config: { idempotency: false, rateLimit: { bucket: 'signup' } },
      schema: {
        tags,
        summary:
          'Register by mobile number with the texted code; opens a wallet with a CNY account and signs in',
        headers: ZDeviceHeaders,
        body: ZSignup,
        response: { 201: ZSignupResult },
      },
    },
    async (req, reply) => {
      const r = await identity.signup(req.body, signInMeta(req));
      if (!r.ok) throw failureToHttp(identityErrors, r);
      return reply.code(201).send(r.value);
    },
  );
  app.post(
    '/v1/auth/login',
    {
      config: { idempotency: false, rateLimit: { bucket: 'login' } },
      schema: {
        tags,
        summary: 'Sign in; returns an opaque, revocable session token',
        headers: ZDeviceHeaders,
        body: ZLogin,
        response: { 200: ZSession },
      },
    },
    async (req) => {
      const r = await identity.login(req.body, signInMeta(req));
      if (!r.ok) throw failureToHttp(identityErrors, r);
      return r.value;
    },
  );
  app.post(
    '/v1/auth/login/sms/send',
    {
      config: { idempotency: false, rateLimit: { bucket: 'login' } },
      schema: {
        tags,
        summary:
          'Start a sign-in with a texted code (the same answer whether or not the number has a wallet; only a registered number gets a code)',
        body: ZVerifyPhone,
        response: { 202: ZVerificationStarted },
      },
    },
    async (req, reply) => {
      const r = await identity.startSignInCode(req.body.phone, { ip: req.ip });
      if (!r.ok) throw failureToHttp(identityErrors, r);
      return reply.code(202).send(r.value);
    },
  );
  app.post(
    '/v1/auth/login/sms',
    {
      config: { idempotency: false, rateLimit: { bucket: 'login' } },
      schema: {
        tags,
        summary:
          'Sign in with the texted code; the session reads and pays, but confirms payments and trusts its device without texted codes',
        headers: ZDeviceHeaders,
        body: ZSmsLogin,
        response: { 200: ZSession },
      },
    },
    async (req) => {
      const r = await identity.loginWithCode(req.body, signInMeta(req));
      if (!r.ok) throw failureToHttp(identityErrors, r);
      return r.value;
    },
  );
  app.post(
    '/v1/auth/logout',
    {
      config: { auth: 'customer', idempotency: false },
      schema: {
        tags,
        security,
        summary: 'Revoke this session',
        response: { 200: z.object({ status: z.literal('signed_out') }) },
      },
    },
    async (req) => {
      await identity.logout(req.customer!);
      return { status: 'signed_out' as const };
    },
  );
  app.get(
    '/v1/me',
    {
      config: { auth: 'customer' },
      schema: { tags, security, summary: 'The signed-in customer', response: { 200: ZMe } },
    },
    async (req) => (await identity.profile(req.customer!.id))!,
  );
}
