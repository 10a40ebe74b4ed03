import { uuidv7 } from '@yinbao/ledger';
import type pg from 'pg';
import { err, ok, type Result } from '../../platform/errors.ts';
import type { Principal } from '../../platform/http/auth.ts';
import { inTransaction } from '../../platform/sql.ts';
import type { NfcKeyError, NfcTapError } from './nfc.errors.ts';
import * as repo from './nfc.repository.ts';
import type { TNfcKey, TNfcTap, TRegisterNfcKey } from './nfc.schema.ts';
import { parsePublicKey, verifyTapSignature } from './nfc-tap.ts';

/** How far a tap's time may be from the server's clock, either way. */
export const NFC_TAP_MAX_SKEW_MS = 60_000;

export type NfcDeps = { pool: pg.Pool; clock?: () => Date };

export type VerifiedTap = { customerId: string; keyId: string; counter: number; deviceTrusted: boolean };

/**
 * NFC tap-to-pay (P3): a device registers a public key; a tap is a payment request the phone signs
 * (key, merchant, amount, currency, counter, time) and the merchant's terminal submits. A tap is
 * accepted when the active key of a not-removed device signed it, for the merchant submitting it,
 * within a minute of now, with a counter above the last accepted (raised by a conditional UPDATE).
 */
export function createNfcService(deps: NfcDeps) {
  const clock = deps.clock ?? (() => new Date());
  const view = (k: repo.NfcKeyRow): TNfcKey => ({
    id: k.id,
    algorithm: k.algorithm,
    deviceId: k.deviceId,
    lastCounter: Number(k.lastCounter),
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  });

  return {
    async register(p: Principal, input: TRegisterNfcKey): Promise<Result<TNfcKey, NfcKeyError>> {
      if (!p.deviceId) return err('DEVICE_REQUIRED');
      const spki = parsePublicKey(input.algorithm, input.publicKey);
      if (!spki) return err('NFC_KEY_INVALID');
      const key = await inTransaction(deps.pool, (tx) =>
        repo.replaceDeviceKey(tx, {
          id: uuidv7(),
          customerId: p.id,
          deviceId: p.deviceId!,
          algorithm: input.algorithm,
          publicKey: spki,
        }),
      );
      return ok(view(key));
    },

    async list(customerId: string): Promise<TNfcKey[]> {
      return (await repo.activeKeysOf(deps.pool, customerId)).map(view);
    },

    async revoke(customerId: string, keyId: string): Promise<Result<true, NfcKeyError>> {
      return (await repo.revokeKey(deps.pool, customerId, keyId)) ? ok(true) : err('NFC_KEY_NOT_FOUND');
    },

    /** Signature, merchant and freshness, without using the tap (no state changes). */
    async verify(merchantId: string, tap: TNfcTap): Promise<Result<VerifiedTap, NfcTapError>> {
      const key = await repo.usableKey(deps.pool, tap.keyId);
      if (!key || tap.merchantId !== merchantId) return err('NFC_TAP_INVALID');
      if (!verifyTapSignature(key.algorithm, key.publicKey, tap, tap.signature))
        return err('NFC_TAP_INVALID');
      if (Math.abs(clock().getTime() - tap.time) > NFC_TAP_MAX_SKEW_MS) return err('NFC_TAP_STALE');
      if (BigInt(tap.counter) <= key.lastCounter) return err('NFC_COUNTER_REPLAYED');
      return ok({
        customerId: key.customerId,
        keyId: key.id,
        counter: tap.counter,
        deviceTrusted: key.deviceTrusted,
      });
    },

    /** Uses the tap's counter: true once, for the first of parallel submissions of it. */
    async consume(tap: VerifiedTap): Promise<boolean> {
      return repo.raiseCounter(deps.pool, tap.keyId, tap.counter);
    },
  };
}

export type NfcService = ReturnType<typeof createNfcService>;
