import { z } from 'zod';
import { failureToHttp } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { securityErrors } from './security.errors.ts';
import type { SecurityService } from './security.service.ts';

const tags = ['security'];
const security = [{ session: [] }];

export function securityRoutes(app: App, svc: SecurityService) {
  app.put(
    '/v1/me/pin',
    {
      config: { auth: 'customer', scope: 'payment', device: 'trusted', rateLimit: { bucket: 'pin' } },
      schema: {
        tags,
        security,
        summary: 'Set or change the 6-digit payment PIN (needs the login password; unlocks a locked PIN)',
        body: z.strictObject({ pin: z.string().max(16), password: z.string().min(1).max(128) }),
        response: { 200: z.object({ pinSet: z.literal(true) }) },
      },
    },
    async (req) => {
      const r = await svc.setPin(req.customer!.id, req.body.pin, req.body.password);
      if (!r.ok) throw failureToHttp(securityErrors, r);
      return { pinSet: true as const };
    },
  );
  app.get(
    '/v1/me/security',
    {
      config: { auth: 'customer' },
      schema: {
        tags,
        security,
        summary: 'Payment PIN status',
        response: {
          200: z.object({ pinSet: z.boolean(), pinLocked: z.boolean(), totpEnrolled: z.boolean() }),
        },
      },
    },
    async (req) => svc.status(req.customer!.id),
  );
  app.post(
    '/v1/me/challenges/:challengeId/sms',
    {
      config: { auth: 'customer', rateLimit: { bucket: 'pin' } },
      schema: {
        tags,
        security,
        summary: 'Text a one-time code that confirms this challenge (when its methods include "sms")',
        params: z.object({ challengeId: z.uuid() }),
        response: { 202: z.object({ sentTo: z.string(), resendAfterSeconds: z.number().int() }) },
      },
    },
    async (req, reply) => {
      const r = await svc.sendCode(req.customer!.id, req.params.challengeId);
      if (!r.ok) throw failureToHttp(securityErrors, r);
      return reply.code(202).send(r.value);
    },
  );
  app.post(
    '/v1/me/totp',
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
        summary: 'Start authenticator-app set-up (needs the login password); the otpauth URI is shown once',
        body: z.strictObject({ password: z.string().min(1).max(128) }),
        response: {
          200: z.object({
            otpauthUri: z.string(),
            /** The same URI as a QR code (SVG) to scan with an authenticator app. */
            qrSvg: z.string(),
          }),
        },
      },
    },
    async (req) => {
      const r = await svc.startTotp(req.customer!.id, req.body.password);
      if (!r.ok) throw failureToHttp(securityErrors, r);
      return r.value;
    },
  );
  app.post(
    '/v1/me/totp/confirm',
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
          'Activate the authenticator with a first code; returns ten single-use recovery codes (shown once)',
        body: z.strictObject({ code: z.string().max(8) }),
        response: { 200: z.object({ recoveryCodes: z.array(z.string()) }) },
      },
    },
    async (req) => {
      const r = await svc.confirmTotp(req.customer!.id, req.body.code);
      if (!r.ok) throw failureToHttp(securityErrors, r);
      return r.value;
    },
  );
}
