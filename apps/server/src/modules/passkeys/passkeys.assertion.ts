import { verifyAuthenticationResponse } from '@simplewebauthn/server';
import type pg from 'pg';
import { audit } from '../../platform/audit.ts';
import { writeOutbox } from '../../platform/outbox.ts';
import * as repo from './passkeys.repository.ts';
import type { TAuthenticationResponse } from './passkeys.schema.ts';

/** Consecutive failed assertions (sign-in or confirmation) that block the passkey factor. */
export const PASSKEY_LOCK_AFTER = 5;

export type RelyingParty = { rpId: string; rpName: string; origins: string[] };

export type AssertionOutcome =
  | { ok: true; passkeyId: string }
  | {
      ok: false;
      reason: 'locked' | 'unknown_credential' | 'invalid' | 'counter';
      lockedNow: boolean;
      attemptsLeft: number;
    };

/** The user handle given to authenticators: the customer id's 16 bytes (no personal data). */
export const userHandleOf = (customerId: string) => Buffer.from(customerId.replace(/-/g, ''), 'hex');

/**
 * Verifies an assertion by one of `customerId`'s active passkeys over `expectedChallenge`
 * (base64url), in `tx`: signature with the stored public key, rpId hash, origin, type
 * `webauthn.get`, user presence and verification, and a signature counter that must grow once it is
 * non-zero (a counter that does not is a cloned authenticator, refused). A failure counts towards
 * the lockout; the fifth in a row locks the factor, audits it and notifies the customer.
 */
export async function checkAssertion(
  tx: pg.PoolClient,
  rp: RelyingParty,
  customerId: string,
  response: TAuthenticationResponse,
  expectedChallenge: string,
  at: Date,
): Promise<AssertionOutcome> {
  if (await repo.lockedAt(tx, customerId)) {
    return { ok: false, reason: 'locked', lockedNow: false, attemptsLeft: 0 };
  }
  const passkey = await repo.passkeyByCredential(tx, response.id);
  let reason: 'unknown_credential' | 'invalid' | 'counter' | null = null;
  let newCounter = 0;
  if (!passkey || passkey.customerId !== customerId) reason = 'unknown_credential';
  else if (
    response.response.userHandle !== undefined &&
    !Buffer.from(response.response.userHandle, 'base64url').equals(userHandleOf(customerId))
  ) {
    reason = 'invalid';
  } else {
    try {
      const v = await verifyAuthenticationResponse({
        response: { ...response, clientExtensionResults: response.clientExtensionResults ?? {} },
        expectedChallenge,
        expectedOrigin: rp.origins,
        expectedRPID: rp.rpId,
        expectedType: 'webauthn.get',
        credential: {
          id: passkey.credentialId,
          publicKey: new Uint8Array(passkey.publicKey),
          counter: passkey.signCount,
          transports: passkey.transports,
        },
        requireUserVerification: true,
      });
      if (v.verified) newCounter = v.authenticationInfo.newCounter;
      else reason = 'invalid';
    } catch (e) {
      // The library throws for every malformed or mismatching answer; only the counter case is special.
      reason = /counter/i.test((e as Error).message) ? 'counter' : 'invalid';
    }
  }
  const actor = `customer:${customerId}`;
  if (reason === null && passkey) {
    await repo.recordUse(tx, passkey.id, newCounter, at);
    await repo.recordAssertion(tx, customerId, true, PASSKEY_LOCK_AFTER);
    return { ok: true, passkeyId: passkey.id };
  }
  if (reason === 'counter') {
    await audit(tx, {
      actor: 'system',
      event: 'security.passkey_counter_regressed',
      subject: `passkey:${passkey?.id}`,
      data: { customerId },
    });
  }
  const after = await repo.recordAssertion(tx, customerId, false, PASSKEY_LOCK_AFTER);
  const lockedNow = !!after.locked_at;
  if (lockedNow) {
    await audit(tx, { actor: 'system', event: 'security.passkey_locked', subject: actor });
    await writeOutbox(tx, [
      {
        topic: 'security.passkey_locked',
        customerId,
        payload: {
          notification: {
            customerId,
            kind: 'passkey_locked',
            title: '通行密钥已锁定 Passkeys locked',
            body: '通行密钥连续5次验证失败 Five failed passkey checks in a row; add a passkey again with your login password',
          },
        },
      },
    ]);
  }
  return {
    ok: false,
    reason: reason ?? 'invalid',
    lockedNow,
    attemptsLeft: Math.max(0, PASSKEY_LOCK_AFTER - after.failed_attempts),
  };
}
