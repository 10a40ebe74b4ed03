import { randomBytes } from 'node:crypto';
import { verify } from '@node-rs/argon2';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { uuidv7 } from '@yinbao/ledger';
import type pg from 'pg';
import { audit } from '../../platform/audit.ts';
import { err, ok, type Result } from '../../platform/errors.ts';
import { writeOutbox } from '../../platform/outbox.ts';
import { type Executor, inTransaction } from '../../platform/sql.ts';
import type { IdentityService, SignInMeta } from '../identity/index.ts';
import { maskPhone } from '../identity/index.ts';
import { checkAssertion, type RelyingParty, userHandleOf } from './passkeys.assertion.ts';
import type { PasskeyError } from './passkeys.errors.ts';
import * as repo from './passkeys.repository.ts';
import type { TAuthenticationResponse, TRegistrationResponse } from './passkeys.schema.ts';

const CEREMONY_TTL_SECONDS = 300;
const MAX_PASSKEYS = 10;

export type PasskeysDeps = {
  pool: pg.Pool;
  identity: IdentityService;
  /** Read on every call (the relying party may be configured after start). */
  rp: RelyingParty;
  clock?: () => Date;
};

export type PasskeyView = { id: string; name: string; createdAt: string; lastUsedAt: string | null };

const view = (p: repo.PasskeyRow): PasskeyView => ({
  id: p.id,
  name: p.name,
  createdAt: p.createdAt.toISOString(),
  lastUsedAt: p.lastUsedAt?.toISOString() ?? null,
});

/** The challenge an answer was made for, read from its clientDataJSON (undefined when unreadable). */
function challengeOf(clientDataJSON: string): string | undefined {
  try {
    const c = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'));
    return typeof c?.challenge === 'string' && c.challenge.length <= 128 ? c.challenge : undefined;
  } catch {
    return undefined;
  }
}

function note(customerId: string, kind: string, title: string, body: string) {
  return {
    topic: `security.${kind}`,
    customerId,
    payload: { notification: { customerId, kind, title, body } },
  };
}

/**
 * S3 passkeys: registration (with the login password), listing, removal, passwordless sign-in, and
 * — through `factor` — confirmations of payments (see the security module's challenges).
 */
export function createPasskeysService(deps: PasskeysDeps) {
  const clock = deps.clock ?? (() => new Date());

  /** A random, single-use challenge for a registration or sign-in, stored until it is answered. */
  async function newCeremony(purpose: repo.CeremonyPurpose, customerId: string | null) {
    const challenge = randomBytes(32);
    const createdAt = clock();
    await repo.insertCeremony(deps.pool, {
      id: uuidv7(),
      challenge: challenge.toString('base64url'),
      customerId,
      purpose,
      createdAt,
      expiresAt: new Date(createdAt.getTime() + CEREMONY_TTL_SECONDS * 1000),
    });
    return new Uint8Array(challenge);
  }

  /** Takes the ceremony an answer names (consuming it); null when unknown, used or expired. */
  async function takeCeremony(tx: Executor, clientDataJSON: string, purpose: repo.CeremonyPurpose) {
    const challenge = challengeOf(clientDataJSON);
    if (!challenge) return null;
    const c = await repo.consumeCeremony(tx, challenge, purpose, clock());
    if (!c || c.expiresAt.getTime() < clock().getTime()) return null;
    return { ...c, challenge };
  }

  return {
    /** Adding a factor needs the login password; returns options for navigator.credentials.create(). */
    async registrationOptions(customerId: string, password: string) {
      const me = await deps.identity.profileWithHash(customerId);
      if (!me || !(await verify(me.passwordHash, password).catch(() => false))) {
        return err('INVALID_CREDENTIALS' as const);
      }
      const existing = await repo.activePasskeys(deps.pool, customerId);
      return ok(
        await generateRegistrationOptions({
          rpName: deps.rp.rpName,
          rpID: deps.rp.rpId,
          userName: maskPhone(me.phone),
          userDisplayName: me.displayName,
          userID: new Uint8Array(userHandleOf(customerId)),
          challenge: await newCeremony('registration', customerId),
          timeout: CEREMONY_TTL_SECONDS * 1000,
          attestationType: 'none',
          excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
          authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
        }),
      );
    },

    /** Verifies the authenticator's attestation and stores the passkey (public key and counter only). */
    async register(
      customerId: string,
      input: TRegistrationResponse,
    ): Promise<Result<PasskeyView, PasskeyError>> {
      const { name, ...response } = input;
      return inTransaction(deps.pool, async (tx) => {
        const ceremony = await takeCeremony(tx, response.response.clientDataJSON, 'registration');
        if (!ceremony || ceremony.customerId !== customerId) return err('PASSKEY_REQUEST_EXPIRED');
        let info: Awaited<ReturnType<typeof verifyRegistrationResponse>>['registrationInfo'];
        try {
          const v = await verifyRegistrationResponse({
            response: { ...response, clientExtensionResults: response.clientExtensionResults ?? {} },
            expectedChallenge: ceremony.challenge,
            expectedOrigin: deps.rp.origins,
            expectedRPID: deps.rp.rpId,
            expectedType: 'webauthn.create',
            requireUserPresence: true,
            requireUserVerification: true,
          });
          info = v.registrationInfo;
        } catch {
          info = undefined;
        }
        if (!info) return err('PASSKEY_INVALID');
        await repo.lockCustomer(tx, customerId);
        if ((await repo.activePasskeys(tx, customerId)).length >= MAX_PASSKEYS)
          return err('TOO_MANY_PASSKEYS');
        const id = uuidv7();
        const label = name ?? `Passkey ${clock().toISOString().slice(0, 10)}`;
        const inserted = await repo.insertPasskey(tx, {
          id,
          customerId,
          credentialId: info.credential.id,
          publicKey: info.credential.publicKey,
          signCount: info.credential.counter,
          transports: response.response.transports ?? [],
          aaguid: info.aaguid,
          backedUp: info.credentialBackedUp,
          name: label,
        });
        if (!inserted) return err('PASSKEY_ALREADY_REGISTERED');
        await repo.unlock(tx, customerId);
        const actor = `customer:${customerId}`;
        await audit(tx, {
          actor,
          event: 'security.passkey_added',
          subject: `passkey:${id}`,
          data: { aaguid: info.aaguid },
        });
        await writeOutbox(tx, [
          note(
            customerId,
            'passkey_added',
            '已添加通行密钥 Passkey added',
            `“${label}” 如非本人操作，请立即冻结钱包 If this was not you, freeze your wallet now`,
          ),
        ]);
        const [row] = (await repo.activePasskeys(tx, customerId)).filter((p) => p.id === id);
        return ok(view(row!));
      });
    },

    list: async (customerId: string) => (await repo.activePasskeys(deps.pool, customerId)).map(view),

    /** Only the caller's own passkey; someone else's and a missing one get the same answer. */
    async remove(customerId: string, passkeyId: string): Promise<Result<true, PasskeyError>> {
      return inTransaction(deps.pool, async (tx) => {
        const removed = await repo.removePasskey(tx, customerId, passkeyId);
        if (!removed) return err('PASSKEY_NOT_FOUND');
        await audit(tx, {
          actor: `customer:${customerId}`,
          event: 'security.passkey_removed',
          subject: `passkey:${passkeyId}`,
        });
        await writeOutbox(tx, [
          note(
            customerId,
            'passkey_removed',
            '已删除通行密钥 Passkey removed',
            `“${removed.name}” 如非本人操作，请立即冻结钱包 If this was not you, freeze your wallet now`,
          ),
        ]);
        return ok(true as const);
      });
    },

    /**
     * Options for a passwordless sign-in. The answer has the same shape whether or not the phone is
     * registered (no credential list: the device offers its discoverable passkeys); a known phone only
     * ties the ceremony to that customer.
     */
    async signInOptions(phone: string | undefined) {
      const customer = phone === undefined ? null : await deps.identity.findByPhone(phone);
      return generateAuthenticationOptions({
        rpID: deps.rp.rpId,
        challenge: await newCeremony('login', customer?.id ?? null),
        timeout: CEREMONY_TTL_SECONDS * 1000,
        userVerification: 'required',
        allowCredentials: [],
      });
    },

    /** Passwordless sign-in: one answer (PASSKEY_REJECTED) for every failure. */
    async signIn(response: TAuthenticationResponse, meta: SignInMeta) {
      const outcome = await inTransaction(deps.pool, async (tx) => {
        const ceremony = await takeCeremony(tx, response.response.clientDataJSON, 'login');
        const owner = ceremony ? (await repo.passkeyByCredential(tx, response.id))?.customerId : undefined;
        if (!ceremony || !owner || (ceremony.customerId !== null && ceremony.customerId !== owner)) {
          return null;
        }
        const r = await checkAssertion(tx, deps.rp, owner, response, ceremony.challenge, clock());
        return { owner, ok: r.ok };
      });
      if (!outcome?.ok) {
        await audit(deps.pool, {
          actor: 'anonymous',
          event: 'auth.login_failed',
          subject: outcome ? `customer:${outcome.owner}` : null,
          ip: meta.ip,
          data: { method: 'passkey' },
        });
        return err('PASSKEY_REJECTED' as const);
      }
      // Audited (and a new device recorded and announced) by identity, with the session.
      return ok(await deps.identity.startSession(outcome.owner, meta));
    },

    /** The passkey as a confirmation method of step-up challenges (injected into the security service). */
    factor: {
      async usable(customerId: string) {
        if (await repo.lockedAt(deps.pool, customerId)) return false;
        return (await repo.activePasskeys(deps.pool, customerId)).length > 0;
      },
      /** Options for navigator.credentials.get() over `challenge`, limited to the customer's passkeys. */
      async requestOptions(customerId: string, challenge: Uint8Array) {
        const mine = await repo.activePasskeys(deps.pool, customerId);
        return generateAuthenticationOptions({
          rpID: deps.rp.rpId,
          challenge: new Uint8Array(challenge),
          timeout: CEREMONY_TTL_SECONDS * 1000,
          userVerification: 'required',
          allowCredentials: mine.map((p) => ({ id: p.credentialId, transports: p.transports })),
        });
      },
      check: (
        tx: pg.PoolClient,
        customerId: string,
        response: TAuthenticationResponse,
        expectedChallenge: string,
      ) => checkAssertion(tx, deps.rp, customerId, response, expectedChallenge, clock()),
    },
  };
}

export type PasskeysService = ReturnType<typeof createPasskeysService>;
export type PasskeyFactor = PasskeysService['factor'];
