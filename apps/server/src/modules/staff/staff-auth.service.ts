import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { uuidv7 } from '@yinbao/ledger';
import type pg from 'pg';
import { audit } from '../../platform/audit.ts';
import { AAD } from '../../platform/encrypted-fields.ts';
import { err, ok, type Result } from '../../platform/errors.ts';
import { STAFF_TOKEN_PREFIX, type StaffPrincipal } from '../../platform/http/auth.ts';
import { newToken, sha256, type Vault } from '../../platform/secrets.ts';
import { inTransaction } from '../../platform/sql.ts';
import { passwordProblem } from '../identity/password-policy.ts';
import { blockedFor, clearPair, recordFailure, type ThrottleRule } from '../identity/throttle.ts';
import { newTotpSecret, otpauthUri, qrSvg, verifyTotp } from '../security/totp.ts';
import { isRole, permissionsOf } from './roles.ts';
import * as repo from './staff.repository.ts';

const ARGON = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
const DUMMY_HASH = hash('staff-dummy-password-for-timing', ARGON);
/** Five wrong authenticator codes in a row lock the staff member's authenticator until an admin resets it. */
const TOTP_LOCK_AFTER = 5;
const ABSOLUTE_SESSION_SECONDS = 10 * 3600;
const ENROLMENT_SESSION_SECONDS = 600;

const STAFF_RULES: ThrottleRule[] = [
  { prefix: 'staff:pair', maxFailures: 5, windowSeconds: 900, blockSeconds: 900 },
  { prefix: 'staff:user', maxFailures: 20, windowSeconds: 3600, blockSeconds: 900 },
  { prefix: 'staff:ip', maxFailures: 50, windowSeconds: 3600, blockSeconds: 3600 },
];
const staffKeys = (username: string, ip: string) => [
  `staff:pair:${username}|${ip}`,
  `staff:user:${username}`,
  `staff:ip:${ip}`,
];

export type StaffAuthError =
  | 'INVALID_CREDENTIALS'
  | 'TOO_MANY_ATTEMPTS'
  | 'TOTP_CODE_WRONG'
  | 'USERNAME_TAKEN'
  | 'INVALID_USERNAME'
  | 'INVALID_ROLES'
  | 'WEAK_PASSWORD'
  | 'STAFF_NOT_FOUND';

export type StaffLogin =
  | {
      kind: 'full';
      token: string;
      expiresAt: string;
      staff: { id: string; username: string; roles: string[] };
    }
  | { kind: 'enrolment'; token: string; expiresAt: string; otpauthUri: string; qrSvg: string };

/**
 * Back-office sign-in (issue 3, item 8): username + password + authenticator code in one request,
 * with one answer for every kind of failure. A staff member without a confirmed authenticator gets
 * only an enrolment session that can do nothing but confirm one; staff work needs a full session.
 */
export function createStaffAuth(deps: {
  pool: pg.Pool;
  vault: Vault;
  clock?: () => Date;
  sessionTtlSeconds: number;
}) {
  const clock = deps.clock ?? (() => new Date());
  const aad = AAD.staffTotpSecret;
  const decryptSecret = (staffId: string, t: repo.TotpRow) =>
    Buffer.from(deps.vault.decrypt(t.secret, aad(staffId), t.keyId), 'base64');

  async function session(
    db: pg.PoolClient | pg.Pool,
    staffId: string,
    kind: 'full' | 'enrolment',
    ip?: string,
  ) {
    const token = newToken(STAFF_TOKEN_PREFIX.slice(0, -1));
    const expiresAt = await repo.insertSession(db, {
      id: uuidv7(),
      staffId,
      tokenHash: sha256(token),
      kind,
      ttlSeconds: kind === 'full' ? deps.sessionTtlSeconds : ENROLMENT_SESSION_SECONDS,
      absoluteSeconds: kind === 'full' ? ABSOLUTE_SESSION_SECONDS : ENROLMENT_SESSION_SECONDS,
      ip: ip ?? null,
    });
    return { token, expiresAt: expiresAt.toISOString() };
  }

  return {
    /** A new staff account with a random first password (shown once to whoever created it). */
    async create(
      input: { username: string; displayName: string; roles: string[]; password?: string },
      createdBy: string | null,
    ): Promise<Result<{ id: string; username: string; temporaryPassword: string }, StaffAuthError>> {
      if (!/^[a-z][a-z0-9._-]{2,31}$/.test(input.username)) return err('INVALID_USERNAME');
      const roles = [...new Set(input.roles)];
      if (roles.length === 0 || !roles.every(isRole)) return err('INVALID_ROLES');
      const password = input.password ?? randomBytes(12).toString('base64url');
      if (passwordProblem(password, null)) return err('WEAK_PASSWORD');
      const id = uuidv7();
      const passwordHash = await hash(password, ARGON);
      return inTransaction(deps.pool, async (tx) => {
        const inserted = await repo.insertStaff(tx, {
          id,
          username: input.username,
          displayName: input.displayName,
          passwordHash,
          roles,
          createdBy,
        });
        if (!inserted) return err('USERNAME_TAKEN' as const);
        await audit(tx, {
          actor: createdBy ? `staff:${createdBy}` : 'system',
          event: 'staff.created',
          subject: `staff:${id}`,
          data: { username: input.username, roles },
        });
        return ok({ id, username: input.username, temporaryPassword: password });
      });
    },

    /** Installs a known authenticator secret (demo data and the bootstrap CLI only). */
    async installTotp(staffId: string, secret: Buffer) {
      await repo.putTotp(
        deps.pool,
        staffId,
        deps.vault.encrypt(secret.toString('base64'), aad(staffId)),
        deps.vault.keyId,
      );
      await deps.pool.query('UPDATE staff_totp SET confirmed_at = now() WHERE staff_id = $1', [staffId]);
    },

    async login(
      input: { username: string; password: string; code?: string | undefined },
      meta: { ip?: string },
    ): Promise<Result<StaffLogin, StaffAuthError>> {
      const username = input.username.toLowerCase().slice(0, 64);
      const keys = staffKeys(username, meta.ip ?? 'unknown');
      const wait = await blockedFor(deps.pool, keys);
      if (wait > 0) return err('TOO_MANY_ATTEMPTS', undefined, { retryAfterSeconds: wait });
      const s = await repo.staffByUsername(deps.pool, username);
      const passwordOk = await verify(s?.passwordHash ?? (await DUMMY_HASH), input.password).catch(
        () => false,
      );
      const fail = async (why: string) => {
        await recordFailure(deps.pool, keys, STAFF_RULES);
        await audit(deps.pool, {
          actor: 'anonymous',
          event: 'staff.login_failed',
          subject: s ? `staff:${s.id}` : null,
          ip: meta.ip,
          data: { username, why },
        });
        return err('INVALID_CREDENTIALS' as const);
      };
      if (s?.status !== 'active' || !passwordOk) return fail('password');

      return inTransaction(deps.pool, async (tx) => {
        const t = await repo.totpOf(tx, s.id, true);
        if (!t?.confirmed) {
          // First sign-in (or after an admin reset): a fresh secret, and a session that can only enrol.
          const secret = newTotpSecret();
          const uri = otpauthUri(secret, `staff:${s.username}`);
          await repo.putTotp(
            tx,
            s.id,
            deps.vault.encrypt(secret.toString('base64'), aad(s.id)),
            deps.vault.keyId,
          );
          const sess = await session(tx, s.id, 'enrolment', meta.ip);
          await audit(tx, {
            actor: `staff:${s.id}`,
            event: 'staff.totp_enrolment_started',
            subject: `staff:${s.id}`,
            ip: meta.ip,
          });
          return ok({
            kind: 'enrolment' as const,
            ...sess,
            otpauthUri: uri,
            qrSvg: await qrSvg(uri),
          });
        }
        if (t.locked) return err('INVALID_CREDENTIALS' as const);
        const step = input.code
          ? verifyTotp(decryptSecret(s.id, t), input.code, clock(), t.lastUsedStep)
          : null;
        const after = await repo.totpResult(
          tx,
          s.id,
          step === null ? null : { step, confirm: false },
          TOTP_LOCK_AFTER,
        );
        if (step === null) {
          await audit(tx, {
            actor: 'anonymous',
            event: after.locked ? 'staff.totp_locked' : 'staff.login_failed',
            subject: `staff:${s.id}`,
            ip: meta.ip,
            data: { username, why: 'code' },
          });
          // Wrong codes after a right password are counted by the authenticator lock, not the throttle.
          return err('INVALID_CREDENTIALS' as const);
        }
        await clearPair(tx, keys);
        const sess = await session(tx, s.id, 'full', meta.ip);
        await audit(tx, {
          actor: `staff:${s.id}`,
          event: 'staff.login_succeeded',
          subject: `staff:${s.id}`,
          ip: meta.ip,
        });
        return ok({
          kind: 'full' as const,
          ...sess,
          staff: { id: s.id, username: s.username, roles: s.roles },
        });
      });
    },

    /** Confirms the authenticator with a first code; the enrolment session is replaced by a full one. */
    async confirmTotp(
      p: StaffPrincipal,
      code: string,
      meta: { ip?: string },
    ): Promise<Result<StaffLogin, StaffAuthError>> {
      return inTransaction(deps.pool, async (tx) => {
        const t = await repo.totpOf(tx, p.id, true);
        const s = await repo.staffById(tx, p.id);
        if (!t || !s || p.kind !== 'enrolment' || t.confirmed) return err('TOTP_CODE_WRONG' as const);
        const step = verifyTotp(decryptSecret(p.id, t), code, clock(), t.lastUsedStep);
        await repo.totpResult(tx, p.id, step === null ? null : { step, confirm: true }, TOTP_LOCK_AFTER);
        if (step === null) return err('TOTP_CODE_WRONG' as const);
        await repo.revokeSession(tx, p.sessionId);
        const sess = await session(tx, p.id, 'full', meta.ip);
        await audit(tx, {
          actor: `staff:${p.id}`,
          event: 'staff.totp_enrolled',
          subject: `staff:${p.id}`,
          ip: meta.ip,
        });
        return ok({
          kind: 'full' as const,
          ...sess,
          staff: { id: s.id, username: s.username, roles: s.roles },
        });
      });
    },

    async authenticate(token: string): Promise<StaffPrincipal | null> {
      if (token.length < 10 || token.length > 200) return null;
      const s = await repo.touchSession(deps.pool, sha256(token), deps.sessionTtlSeconds);
      if (!s) return null;
      return {
        id: s.staffId,
        sessionId: s.id,
        roles: s.roles,
        permissions: permissionsOf(s.roles),
        kind: s.kind,
      };
    },

    async logout(p: StaffPrincipal) {
      await inTransaction(deps.pool, async (tx) => {
        await repo.revokeSession(tx, p.sessionId);
        await audit(tx, { actor: `staff:${p.id}`, event: 'staff.logout', subject: `staff:${p.id}` });
      });
    },

    list: () => repo.listStaff(deps.pool),

    /** Admin: change roles or disable an account (which also ends its sessions). Not one's own. */
    async update(
      admin: StaffPrincipal,
      staffId: string,
      change: { roles?: string[] | undefined; status?: 'active' | 'disabled' | undefined },
    ): Promise<Result<repo.StaffRow, StaffAuthError>> {
      const roles = change.roles ? [...new Set(change.roles)] : undefined;
      if (roles && (roles.length === 0 || !roles.every(isRole))) return err('INVALID_ROLES');
      if (staffId === admin.id) return err('INVALID_ROLES', 'You cannot change your own account');
      return inTransaction(deps.pool, async (tx) => {
        const s = await repo.staffById(tx, staffId);
        if (!s) return err('STAFF_NOT_FOUND' as const);
        const next = { roles: roles ?? s.roles, status: change.status ?? s.status };
        await repo.setRoles(tx, staffId, next.roles, next.status);
        if (next.status === 'disabled' || roles) await repo.revokeAllSessions(tx, staffId);
        await audit(tx, {
          actor: `staff:${admin.id}`,
          event: 'staff.updated',
          subject: `staff:${staffId}`,
          data: { from: { roles: s.roles, status: s.status }, to: next },
        });
        return ok({ ...s, ...next });
      });
    },

    /** Admin: a lost authenticator is reset; the next sign-in enrols a new one. */
    async resetAuthenticator(admin: StaffPrincipal, staffId: string): Promise<Result<true, StaffAuthError>> {
      if (staffId === admin.id) return err('STAFF_NOT_FOUND');
      return inTransaction(deps.pool, async (tx) => {
        if (!(await repo.staffById(tx, staffId))) return err('STAFF_NOT_FOUND' as const);
        await repo.deleteTotp(tx, staffId);
        await repo.revokeAllSessions(tx, staffId);
        await audit(tx, {
          actor: `staff:${admin.id}`,
          event: 'staff.totp_reset',
          subject: `staff:${staffId}`,
        });
        return ok(true as const);
      });
    },
  };
}

export type StaffAuth = ReturnType<typeof createStaffAuth>;
