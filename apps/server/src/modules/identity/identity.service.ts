import { hash, verify } from '@node-rs/argon2';
import { uuidv7 } from '@yinbao/ledger';
import type pg from 'pg';
import { audit } from '../../platform/audit.ts';
import { createBatchLoader } from '../../platform/db/batch-loader.ts';
import { AAD, phoneIndex } from '../../platform/encrypted-fields.ts';
import { err, ok, type Result } from '../../platform/errors.ts';
import type { Principal } from '../../platform/http/auth.ts';
import { writeOutbox } from '../../platform/outbox.ts';
import { newToken, sha256, type Vault } from '../../platform/secrets.ts';
import { inTransaction } from '../../platform/sql.ts';
import type { ClientDevice } from './device.ts';
import * as devices from './devices.repository.ts';
import type { IdentityError } from './identity.errors.ts';
import * as repo from './identity.repository.ts';
import type { TLogin, TSignup } from './identity.schema.ts';
import { passwordProblem } from './password-policy.ts';
import { maskPhone, normalizeCnMobile } from './phone.ts';
import { createSignupVerification, type TextSender } from './signup-verification.ts';
import { blockedFor, clearPair, LOGIN_RULES, loginKeys, recordFailure } from './throttle.ts';

// algorithm 2 = Argon2id (the package's enum is a const enum, unusable under verbatimModuleSyntax).
const ARGON = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
// Verified when the phone is unknown, so both paths cost the same time.
const DUMMY_HASH = hash('yinbao-timing-equaliser', ARGON);

export type OpenWallet = (tx: pg.PoolClient, customerId: string) => Promise<{ walletId: string }>;

export type SessionInfo = { token: string; expiresAt: string; customerId: string };
/** Where a sign-in comes from: the client's device (see device.ts), user agent and address. */
export type SignInMeta = { userAgent?: string; ip?: string; device: ClientDevice };
export type Profile = { id: string; phone: string; displayName: string; walletId: string; createdAt: string };

/** A customer with the phone (E.164) and display name decrypted: for the server only, never logged. */
export type CustomerRow = {
  id: string;
  phone: string;
  passwordHash: string;
  displayName: string;
  createdAt: Date;
};

export type IdentityDeps = {
  pool: pg.Pool;
  /** Phone and display name are encrypted at rest; the phone is found by its blind index. */
  vault: Vault;
  sessionTtlSeconds: number;
  /** A session idle longer than this may still read, but no longer move money (REAUTH_REQUIRED). */
  paymentIdleSeconds: number;
  openWallet: OpenWallet;
  walletIdOf: (customerId: string) => Promise<string | null>;
  /** Phone verification before sign-up: texts through this gateway, codes stored as HMACs under `codeKey`. */
  signupSms: { sender: TextSender; codeKey: Buffer };
  /** Sign-up needs a verified phone (config SIGNUP_VERIFY_PHONE); false = one-step sign-up (dev/test). */
  requireVerifiedPhone: boolean;
  clock?: () => Date;
};

export function createIdentityService(deps: IdentityDeps) {
  const { vault } = deps;
  const verification = createSignupVerification({
    pool: deps.pool,
    vault,
    sms: deps.signupSms.sender,
    codeKey: deps.signupSms.codeKey,
    clock: deps.clock ?? (() => new Date()),
  });
  const decrypted = (c: repo.CustomerRecord): CustomerRow => ({
    id: c.id,
    phone: vault.decrypt(c.phoneCiphertext, AAD.customerPhone(c.id), c.phoneKeyId),
    passwordHash: c.passwordHash,
    displayName: vault.decrypt(c.displayNameCiphertext, AAD.customerDisplayName(c.id), c.displayNameKeyId),
    createdAt: c.createdAt,
  });
  const byId = async (id: string) => {
    const c = await repo.findCustomerById(deps.pool, id);
    return c ? decrypted(c) : null;
  };
  // Every request checks its session: concurrent checks share one query.
  const findSession = createBatchLoader<Buffer, repo.LiveSessionRow>({
    id: (h) => h.toString('hex'),
    load: (hashes) => repo.findLiveSessions(deps.pool, hashes),
  });
  // …and the sessions due for an activity record (every TOUCH_EVERY_SECONDS) are written together:
  // concurrent requests of one session write it once.
  const touchSession = createBatchLoader<repo.SessionTouch, true>({
    id: (t) => t.sessionId,
    load: async (touches) => {
      await repo.touchSessions(deps.pool, touches, deps.sessionTtlSeconds);
      return new Map();
    },
  });
  // Requests that read the session before this process's write committed need not write again.
  const touchedAt = new Map<string, number>();
  const touchOnce = async (t: repo.SessionTouch) => {
    const now = Date.now();
    if (!t.lapsed && now - (touchedAt.get(t.sessionId) ?? 0) < repo.TOUCH_EVERY_SECONDS * 1000) return;
    if (touchedAt.size > 50_000) touchedAt.clear();
    touchedAt.set(t.sessionId, now);
    await touchSession(t);
  };

  const byPhone = async (e164: string) => {
    const c = await repo.findCustomerByPhoneIndex(deps.pool, phoneIndex(vault, e164));
    return c ? decrypted(c) : null;
  };
  // Payments look up the payee by phone and both parties' names: concurrent lookups share a query.
  const customerByPhoneIndex = createBatchLoader<Buffer, repo.CustomerRecord & { phoneIndex: Buffer }>({
    id: (h) => h.toString('hex'),
    load: async (indexes) => {
      const rows = await repo.findCustomersByPhoneIndexes(deps.pool, indexes);
      return new Map(rows.map((c) => [c.phoneIndex.toString('hex'), c]));
    },
  });
  const customerById = createBatchLoader<string, repo.CustomerRecord>({
    load: async (ids) => new Map((await repo.findCustomersByIds(deps.pool, ids)).map((c) => [c.id, c])),
  });

  async function newSession(
    tx: pg.PoolClient,
    customerId: string,
    meta: SignInMeta,
    deviceId: string,
    authMethod: repo.AuthMethod,
  ) {
    const token = newToken('ybs');
    const expiresAt = await repo.insertSession(tx, {
      id: uuidv7(),
      customerId,
      tokenHash: sha256(token),
      ttlSeconds: deps.sessionTtlSeconds,
      deviceId,
      userAgent: meta.userAgent,
      ip: meta.ip,
      authMethod,
    });
    return { token, expiresAt: expiresAt.toISOString(), customerId };
  }

  /**
   * A session for a customer who has just proven who they are (password, passkey or a texted code), on the device
   * they came from. A device new to them (unknown, or revoked before) is recorded untrusted, audited
   * and announced to the customer: its sessions read, but every payment from them needs step-up.
   */
  async function signedIn(customerId: string, meta: SignInMeta, method: repo.AuthMethod) {
    return inTransaction(deps.pool, async (tx) => {
      const device = await devices.recordSignInDevice(tx, customerId, meta.device, false);
      const session = await newSession(tx, customerId, meta, device.id, method);
      const actor = `customer:${customerId}`;
      await audit(tx, {
        actor,
        event: 'auth.login_succeeded',
        subject: actor,
        ip: meta.ip,
        ...(method !== 'password' ? { data: { method } } : {}),
      });
      if (device.isNew) {
        await audit(tx, {
          actor,
          event: 'device.new_signed_in',
          subject: `device:${device.id}`,
          ip: meta.ip,
          data: { method, name: meta.device.name, knownId: meta.device.hash !== null },
        });
        await writeOutbox(tx, [
          {
            topic: 'security.new_device',
            customerId,
            payload: {
              notification: {
                customerId,
                kind: 'new_device',
                title: '新设备登录 A new device signed in',
                body: `${meta.device.name ?? '未知设备 Unknown device'}：如非本人操作，请立即修改密码并冻结钱包 If this was not you, change your password and freeze your wallet now`,
                data: { deviceId: device.id },
              },
            },
          },
        ]);
      }
      return session;
    });
  }

  /**
   * The sign-in throttle's keys for this attempt (per phone, per phone and IP, per IP) and, when they
   * are blocked, the answer — audited, and given before any credential is checked.
   */
  async function throttled(
    rawPhone: string,
    phone: string | null,
    meta: SignInMeta,
    method: 'password' | 'sms',
  ) {
    const keys = loginKeys(phone ?? rawPhone.slice(0, 32), meta.ip ?? 'unknown');
    const wait = await blockedFor(deps.pool, keys);
    if (wait === 0) return { keys, blocked: null };
    await audit(deps.pool, {
      actor: 'anonymous',
      event: 'auth.login_throttled',
      ip: meta.ip,
      data: { phone: maskPhone(phone ?? ''), ...(method === 'sms' ? { method } : {}) },
    });
    return { keys, blocked: err('TOO_MANY_ATTEMPTS', undefined, { retryAfterSeconds: wait }) };
  }

  async function profile(customerId: string): Promise<Profile | null> {
    const c = await byId(customerId);
    const walletId = await deps.walletIdOf(customerId);
    if (!c || !walletId) return null;
    return {
      id: c.id,
      phone: maskPhone(c.phone),
      displayName: c.displayName,
      walletId,
      createdAt: c.createdAt.toISOString(),
    };
  }

  return {
    /** Texts a sign-up code to a new number, or "you already have a wallet" to a registered one. */
    startSignupVerification: (rawPhone: string, meta: { ip?: string }) => verification.start(rawPhone, meta),

    /**
     * Registers a customer, opens the wallet and its CNY account, and signs in — one transaction.
     * With phone verification on, the verification is checked and consumed in that transaction, and
     * every failure of it (including a number that already has a wallet) is `VERIFICATION_FAILED`.
     */
    async signup(
      input: TSignup,
      meta: SignInMeta,
    ): Promise<Result<{ customer: Profile; session: SessionInfo }, IdentityError>> {
      const phone = normalizeCnMobile(input.phone);
      if (!phone) return err('INVALID_PHONE');
      const weak = passwordProblem(input.password, phone);
      if (weak) return err('WEAK_PASSWORD', undefined, { reason: weak });
      let proof: { verificationId: string; code: string } | null = null;
      if (deps.requireVerifiedPhone) {
        const { verificationId, code } = input;
        if (verificationId === undefined || code === undefined) return err('VERIFICATION_REQUIRED');
        proof = { verificationId, code };
      }
      // Before the check, so that every answer after it costs the same argon2 work.
      const passwordHash = await hash(input.password, ARGON);
      const id = uuidv7();
      const session = await inTransaction(deps.pool, async (tx) => {
        if (proof && !(await verification.check(tx, { ...proof, phone }))) {
          await audit(tx, {
            actor: 'anonymous',
            event: 'auth.signup_verification_failed',
            subject: `signup_verification:${proof.verificationId}`,
            ip: meta.ip,
          });
          return null;
        }
        const displayName = input.displayName ?? `用户${phone.slice(-4)}`;
        const inserted = await repo.insertCustomer(tx, {
          id,
          phoneCiphertext: vault.encrypt(phone, AAD.customerPhone(id)),
          phoneKeyId: vault.keyId,
          phoneIndex: phoneIndex(vault, phone),
          passwordHash,
          displayNameCiphertext: vault.encrypt(displayName, AAD.customerDisplayName(id)),
          displayNameKeyId: vault.keyId,
        });
        if (!inserted) {
          // Backstop: the number got a wallet after its verification was texted.
          if (proof) await verification.reject(tx, proof.verificationId);
          return null;
        }
        if (proof) await verification.consume(tx, proof.verificationId);
        const { walletId } = await deps.openWallet(tx, id);
        await writeOutbox(tx, [
          { topic: 'customer.signed_up', customerId: id, payload: { customerId: id, walletId } },
        ]);
        await audit(tx, {
          actor: `customer:${id}`,
          event: 'auth.signed_up',
          subject: `customer:${id}`,
          ip: meta.ip,
        });
        // The device a customer signs up on is theirs: trusted from the start.
        const device = await devices.recordSignInDevice(tx, id, meta.device, true);
        return newSession(tx, id, meta, device.id, 'password');
      });
      if (!session) return err(proof ? 'VERIFICATION_FAILED' : 'PHONE_TAKEN');
      return ok({ customer: (await profile(id))!, session });
    },

    /**
     * Same answer and the same work whether the phone is unknown or the password wrong. Failures
     * are throttled per (phone, IP), per phone and per IP; a blocked caller's password is not even
     * checked, so guessing gains nothing.
     */
    async login(input: TLogin, meta: SignInMeta): Promise<Result<SessionInfo, IdentityError>> {
      const phone = normalizeCnMobile(input.phone);
      const { keys, blocked } = await throttled(input.phone, phone, meta, 'password');
      if (blocked) return blocked;
      const c = phone ? await byPhone(phone) : null;
      const valid = await verify(c?.passwordHash ?? (await DUMMY_HASH), input.password).catch(() => false);
      if (!c || !valid) {
        await recordFailure(deps.pool, keys, LOGIN_RULES);
        await audit(deps.pool, {
          actor: 'anonymous',
          event: 'auth.login_failed',
          subject: c ? `customer:${c.id}` : null,
          ip: meta.ip,
          data: { phone: maskPhone(phone ?? '') },
        });
        return err('INVALID_CREDENTIALS');
      }
      await clearPair(deps.pool, keys);
      return ok(await signedIn(c.id, meta, 'password'));
    },

    /** Texts a sign-in code to a registered number, or "this number has no wallet" to a new one. */
    startSignInCode: (rawPhone: string, meta: { ip?: string }) =>
      verification.start(rawPhone, meta, 'sign_in'),

    /**
     * Sign-in with the texted code: the same answer (`INVALID_CREDENTIALS`) for an unknown number and
     * a wrong, used, expired or foreign code, under the same throttle as password sign-in; the code
     * is checked and consumed in one transaction (works once, even when sent twice at once). The
     * session records `sms`: it cannot trust its device or confirm payments with texted codes.
     */
    async loginWithCode(
      input: { phone: string; verificationId: string; code: string },
      meta: SignInMeta,
    ): Promise<Result<SessionInfo, IdentityError>> {
      const phone = normalizeCnMobile(input.phone);
      const { keys, blocked } = await throttled(input.phone, phone, meta, 'sms');
      if (blocked) return blocked;
      const customerId = await inTransaction(deps.pool, async (tx) => {
        if (!phone) return null;
        const proof = { verificationId: input.verificationId, code: input.code, phone };
        if (!(await verification.check(tx, proof, 'sign_in'))) return null;
        const c = await repo.findCustomerByPhoneIndex(tx, phoneIndex(vault, phone));
        if (!c) return null; // a code is only ever texted to a registered number: unreachable
        await verification.consume(tx, input.verificationId);
        return c.id;
      });
      if (!customerId) {
        await recordFailure(deps.pool, keys, LOGIN_RULES);
        await audit(deps.pool, {
          actor: 'anonymous',
          event: 'auth.login_failed',
          ip: meta.ip,
          data: { phone: maskPhone(phone ?? ''), method: 'sms' },
        });
        return err('INVALID_CREDENTIALS', 'The phone number or code is not correct');
      }
      await clearPair(deps.pool, keys);
      return ok(await signedIn(customerId, meta, 'sms'));
    },

    /** A session for a customer another factor has just authenticated (passkey sign-in; audited here). */
    startSession: (customerId: string, meta: SignInMeta) => signedIn(customerId, meta, 'passkey'),

    async authenticate(token: string): Promise<Principal | null> {
      if (token.length < 10 || token.length > 200) return null;
      const s = await repo.touchSession(
        deps.pool,
        sha256(token),
        deps.sessionTtlSeconds,
        deps.paymentIdleSeconds,
        { find: findSession, touch: touchOnce },
      );
      return s
        ? {
            id: s.customerId,
            sessionId: s.id,
            deviceId: s.deviceId,
            deviceTrusted: s.deviceTrusted,
            paymentScope: s.paymentScope,
            authMethod: s.authMethod,
          }
        : null;
    },

    async logout(principal: { id: string; sessionId: string }) {
      await inTransaction(deps.pool, async (tx) => {
        await repo.revokeSession(tx, principal.sessionId);
        await audit(tx, {
          actor: `customer:${principal.id}`,
          event: 'auth.logged_out',
          subject: `session:${principal.sessionId}`,
        });
      });
    },
    /** Display names of several customers in one query (payee confirmation, notifications). */
    displayNames: async (ids: string[]) => {
      const rows = await Promise.all(ids.map((id) => customerById(id)));
      const names = new Map<string, string>();
      for (const r of rows) if (r) names.set(r.id, decrypted(r).displayName);
      return names;
    },
    sessions: (customerId: string) => repo.liveSessions(deps.pool, customerId),
    devices: (customerId: string) => devices.liveDevices(deps.pool, customerId),
    device: (customerId: string, deviceId: string) => devices.liveDevice(deps.pool, customerId, deviceId),
    revokeDevice: (tx: pg.PoolClient, customerId: string, deviceId: string) =>
      devices.revokeDevice(tx, customerId, deviceId),
    trustDevice: (tx: pg.PoolClient, customerId: string, deviceId: string) =>
      devices.trustDevice(tx, customerId, deviceId),
    revokeOwnSession: (db: pg.Pool | pg.PoolClient, customerId: string, sessionId: string) =>
      repo.revokeOwnSession(db, customerId, sessionId),
    revokeOtherSessions: (db: pg.Pool | pg.PoolClient, customerId: string, keepSessionId: string) =>
      repo.revokeOtherSessions(db, customerId, keepSessionId),
    /** For re-authentication (step-up) only; never leaves the server. */
    profileWithHash: byId,
    profile,
    findByPhone: async (rawPhone: string) => {
      const phone = normalizeCnMobile(rawPhone);
      const c = phone ? await customerByPhoneIndex(phoneIndex(vault, phone)) : undefined;
      return c ? decrypted(c) : null;
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
