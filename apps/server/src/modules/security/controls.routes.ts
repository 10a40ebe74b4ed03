import { z } from 'zod';
import { type ErrorTable, failureToHttp } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { ZRequestOptions } from '../passkeys/index.ts';
import type { ControlsError, CustomerControls } from './controls.ts';
import { stepUpErrors } from './security.errors.ts';
import { ZStepUp } from './security.schema.ts';

export const controlsErrors: ErrorTable<ControlsError> = {
  ...stepUpErrors,
  SESSION_NOT_FOUND: { status: 404, message: 'No such session' },
  WALLET_NOT_FOUND: { status: 404, message: 'No such wallet' },
  WALLET_NOT_FROZEN: { status: 409, message: 'The wallet is not frozen' },
  WALLET_FROZEN_BY_BANK: {
    status: 409,
    message: 'The bank froze this wallet; please contact customer service to lift it',
  },
};
const tags = ['security'];
const security = [{ session: [] }];
const ZSession = z.object({
  id: z.string(),
  current: z.boolean(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  device: z.string().nullable(),
  ip: z.string().nullable(),
});

export function controlsRoutes(app: App, controls: CustomerControls) {
  app.get(
    '/v1/me/sessions',
    {
      config: { auth: 'customer' },
      schema: {
        tags,
        security,
        summary: 'Your signed-in sessions',
        response: { 200: z.object({ items: z.array(ZSession) }) },
      },
    },
    async (req) => ({ items: await controls.sessions(req.customer!) }),
  );
  app.delete(
    '/v1/me/sessions/:sessionId',
    {
      config: { auth: 'customer' },
      schema: {
        tags,
        security,
        summary: 'Sign a session out',
        params: z.object({ sessionId: z.uuid() }),
        response: { 200: z.object({ status: z.literal('revoked') }) },
      },
    },
    async (req) => {
      const r = await controls.revokeSession(req.customer!, req.params.sessionId);
      if (!r.ok) throw failureToHttp(controlsErrors, r);
      return { status: 'revoked' as const };
    },
  );
  app.post(
    '/v1/me/freeze',
    {
      config: { auth: 'customer' },
      schema: {
        tags,
        security,
        summary: 'Freeze the wallet now (report a lost phone: also signs out every other session)',
        body: z.strictObject({ reason: z.enum(['lost_phone', 'suspicious', 'other']) }),
        response: { 200: z.object({ status: z.literal('frozen'), revokedSessions: z.number().int() }) },
      },
    },
    async (req) => {
      const r = await controls.freeze(req.customer!, req.body.reason);
      if (!r.ok) throw failureToHttp(controlsErrors, r);
      return r.value;
    },
  );
  app.post(
    '/v1/me/unfreeze/challenge',
    {
      config: { auth: 'customer', scope: 'payment' },
      schema: {
        tags,
        security,
        summary: 'Start lifting a freeze: a challenge to confirm with the PIN (or password)',
        body: z.strictObject({}),
        response: {
          200: z.object({
            id: z.string(),
            methods: z.array(z.string()),
            expiresAt: z.string(),
            summary: z.string(),
            webauthn: ZRequestOptions.optional().describe(
              'When "passkey" is offered: options for navigator.credentials.get()',
            ),
          }),
        },
      },
    },
    async (req) => {
      const r = await controls.unfreezeChallenge(req.customer!);
      if (!r.ok) throw failureToHttp(controlsErrors, r);
      return r.value;
    },
  );
  app.post(
    '/v1/me/unfreeze',
    {
      config: { auth: 'customer', scope: 'payment' },
      schema: {
        tags,
        security,
        summary: 'Lift a freeze with the confirmed challenge',
        body: z.strictObject({
          stepUp: ZStepUp,
        }),
        response: { 200: z.object({ status: z.literal('active') }) },
      },
    },
    async (req) => {
      const r = await controls.unfreeze(req.customer!, req.body.stepUp);
      if (!r.ok) throw failureToHttp(controlsErrors, r);
      return r.value;
    },
  );
}
