import type pg from 'pg';
import { audit } from '../../platform/audit.ts';
import { err, ok, type Result } from '../../platform/errors.ts';
import type { Principal } from '../../platform/http/auth.ts';
import { writeOutbox } from '../../platform/outbox.ts';
import { inTransaction } from '../../platform/sql.ts';
import type { IdentityService } from '../identity/index.ts';
import type { StepUpError } from './security.errors.ts';
import { POSSESSION_METHODS, type Proof, type SecurityService } from './security.service.ts';

export type DevicesError =
  | 'DEVICE_NOT_FOUND'
  | 'CURRENT_DEVICE'
  | 'DEVICE_UNKNOWN'
  | 'DEVICE_ALREADY_TRUSTED'
  | 'NO_STRONG_FACTOR'
  | StepUpError;

/** Trusting a device is confirmed like a payment of nothing to that device (dynamic linking). */
const trustBinding = (deviceId: string) => ({
  purpose: 'trust_device' as const,
  amount: 0n,
  currency: 'CNY',
  payee: deviceId,
});

const note = (customerId: string, kind: string, title: string, body: string, deviceId: string) => ({
  topic: `security.${kind}`,
  customerId,
  payload: { notification: { customerId, kind, title, body, data: { deviceId } } },
});

/**
 * S4/S8 devices: the customer's devices, revoking one (and its sessions), and trusting the current
 * one with a factor a stolen password does not give — an SMS code to the registered phone or a
 * passkey, never the PIN or the password.
 */
export function createDeviceControls(deps: {
  pool: pg.Pool;
  identity: IdentityService;
  security: SecurityService;
}) {
  return {
    async list(p: Principal) {
      return (await deps.identity.devices(p.id)).map((d) => ({
        id: d.id,
        name: d.name,
        current: d.id === p.deviceId,
        trusted: d.trusted,
        firstSeenAt: d.firstSeenAt.toISOString(),
        lastSeenAt: d.lastSeenAt.toISOString(),
      }));
    },

    /** Someone else's device and a missing one get the same answer; the current one: log out instead. */
    async revoke(p: Principal, deviceId: string): Promise<Result<{ revokedSessions: number }, DevicesError>> {
      return inTransaction(deps.pool, async (tx) => {
        if (deviceId === p.deviceId) return err('CURRENT_DEVICE');
        const revoked = await deps.identity.revokeDevice(tx, p.id, deviceId);
        if (!revoked) return err('DEVICE_NOT_FOUND');
        await audit(tx, {
          actor: `customer:${p.id}`,
          event: 'device.revoked',
          subject: `device:${deviceId}`,
          data: revoked,
        });
        await writeOutbox(tx, [
          note(
            p.id,
            'device_revoked',
            '设备已移除 Device removed',
            '该设备已退出登录，再次登录需重新验证 It was signed out and must be confirmed again to be trusted',
            deviceId,
          ),
        ]);
        return ok(revoked);
      });
    },

    /** Starts trusting the current device: a challenge bound to it, confirmable by SMS code or passkey only. */
    async trustChallenge(p: Principal) {
      const device = p.deviceId ? await deps.identity.device(p.id, p.deviceId) : null;
      if (!device) return err('DEVICE_UNKNOWN' as const);
      if (device.trusted) return err('DEVICE_ALREADY_TRUSTED' as const);
      // A session opened with a texted code cannot trust its device with another one: a passkey only.
      const allowed = p.authMethod === 'sms' ? (['passkey'] as const) : POSSESSION_METHODS;
      const methods = await deps.security.offeredMethods(p.id, allowed);
      if (methods.length === 0) return err('NO_STRONG_FACTOR' as const);
      return ok(
        await deps.security.challenge(
          p.id,
          trustBinding(device.id),
          device.id,
          device.name ?? '新设备 new device',
          allowed,
        ),
      );
    },

    /** …then the confirmation; a device already trusted stays so (nothing to confirm). */
    async trust(p: Principal, stepUp: Proof): Promise<Result<{ status: 'trusted' }, DevicesError>> {
      const device = p.deviceId ? await deps.identity.device(p.id, p.deviceId) : null;
      if (!device) return err('DEVICE_UNKNOWN');
      if (device.trusted) return ok({ status: 'trusted' });
      const confirmed = await deps.security.confirm(p.id, trustBinding(device.id), stepUp);
      if (!confirmed.ok) return confirmed;
      await inTransaction(deps.pool, async (tx) => {
        if (!(await deps.identity.trustDevice(tx, p.id, device.id))) return;
        await audit(tx, {
          actor: `customer:${p.id}`,
          event: 'device.trusted',
          subject: `device:${device.id}`,
          data: { challengeId: stepUp.challengeId },
        });
        await writeOutbox(tx, [
          note(
            p.id,
            'device_trusted',
            '设备已受信任 Device trusted',
            `${device.name ?? '新设备 New device'}：如非本人操作，请立即冻结钱包 If this was not you, freeze your wallet now`,
            device.id,
          ),
        ]);
      });
      return ok({ status: 'trusted' });
    },
  };
}

export type DeviceControls = ReturnType<typeof createDeviceControls>;
