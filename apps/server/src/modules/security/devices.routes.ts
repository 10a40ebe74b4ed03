import { z } from 'zod';
import { type ErrorTable, failureToHttp } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { ZRequestOptions } from '../passkeys/index.ts';
import type { DeviceControls, DevicesError } from './devices.ts';
import { stepUpErrors } from './security.errors.ts';
import { ZStepUp } from './security.schema.ts';

export const devicesErrors: ErrorTable<DevicesError> = {
  ...stepUpErrors,
  DEVICE_NOT_FOUND: { status: 404, message: 'No such device' },
  CURRENT_DEVICE: {
    status: 409,
    message: 'This is the device you are using: sign out (POST /v1/auth/logout) instead',
  },
  DEVICE_UNKNOWN: { status: 409, message: 'This session has no device on record; sign in again' },
  DEVICE_ALREADY_TRUSTED: { status: 409, message: 'This device is already trusted' },
  NO_STRONG_FACTOR: {
    status: 409,
    message:
      'A device is trusted with a text-message code or a passkey, and neither is available now; try again later',
  },
};
const tags = ['security'];
const security = [{ session: [] }];
const ZDevice = z.object({
  id: z.string(),
  name: z.string().nullable().describe('What the device called itself (X-Device-Name)'),
  current: z.boolean().describe('The device of the session making this request'),
  trusted: z.boolean(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
});
const ZChallenge = z.object({
  id: z.string(),
  methods: z.array(z.string()),
  expiresAt: z.string(),
  summary: z.string(),
  webauthn: ZRequestOptions.optional().describe(
    'When "passkey" is offered: options for navigator.credentials.get()',
  ),
});

export function deviceRoutes(app: App, devices: DeviceControls) {
  app.get(
    '/v1/me/devices',
    {
      config: { auth: 'customer' },
      schema: {
        tags,
        security,
        summary: 'Your devices (signed in at least once, not removed)',
        response: { 200: z.object({ items: z.array(ZDevice) }) },
      },
    },
    async (req) => ({ items: await devices.list(req.customer!) }),
  );
  app.delete(
    '/v1/me/devices/:deviceId',
    {
      config: { auth: 'customer' },
      schema: {
        tags,
        security,
        summary: 'Remove a device: signs out its sessions and ends its trust (not the current one)',
        params: z.object({ deviceId: z.uuid() }),
        response: { 200: z.object({ status: z.literal('revoked'), revokedSessions: z.number().int() }) },
      },
    },
    async (req) => {
      const r = await devices.revoke(req.customer!, req.params.deviceId);
      if (!r.ok) throw failureToHttp(devicesErrors, r);
      return { status: 'revoked' as const, revokedSessions: r.value.revokedSessions };
    },
  );
  app.post(
    '/v1/me/devices/current/trust/challenge',
    {
      config: { auth: 'customer', scope: 'payment' },
      schema: {
        tags,
        security,
        summary: 'Start trusting this device: a challenge to confirm with an SMS code or a passkey',
        body: z.strictObject({}),
        response: { 200: ZChallenge },
      },
    },
    async (req) => {
      const r = await devices.trustChallenge(req.customer!);
      if (!r.ok) throw failureToHttp(devicesErrors, r);
      return r.value;
    },
  );
  app.post(
    '/v1/me/devices/current/trust',
    {
      config: { auth: 'customer', scope: 'payment' },
      schema: {
        tags,
        security,
        summary:
          'Trust this device with the confirmed challenge (SMS code or passkey; not the PIN or password)',
        body: z.strictObject({ stepUp: ZStepUp }),
        response: { 200: z.object({ status: z.literal('trusted') }) },
      },
    },
    async (req) => {
      const r = await devices.trust(req.customer!, req.body.stepUp);
      if (!r.ok) throw failureToHttp(devicesErrors, r);
      return r.value;
    },
  );
}
