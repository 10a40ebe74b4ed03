import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { uuidv7 } from '@yinbao/ledger';
import { formatMoney } from '@yinbao/money';
import type pg from 'pg';
import { audit } from '../../platform/audit.ts';
import { err, ok, type Result } from '../../platform/errors.ts';
import { writeOutbox } from '../../platform/outbox.ts';
import { inTransaction } from '../../platform/sql.ts';
import type { IdentityService } from '../identity/index.ts';
import { maskPhone } from '../identity/index.ts';
import type { PasskeyFactor, TAuthenticationResponse } from '../passkeys/index.ts';
import { passkeyChallenge } from './dynamic-link.ts';
import { pinProblem } from './pin.ts';
import type { SecurityError, StepUpError } from './security.errors.ts';
import * as repo from './security.repository.ts';
import type { Totp } from './totp.service.ts';

// algorithm 2 = Argon2id (the package's enum is a const enum, unusable under verbatimModuleSyntax).
const ARGON = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
const PIN_LOCK_AFTER = 5;
const CHALLENGE_ATTEMPTS = 5;
const CHALLENGE_TTL_SECONDS = 300;

/** What a confirmation is bound to (dynamic linking): any difference invalidates it. */
export type Binding = {
  purpose: 'p2p' | 'withdrawal' | 'qr' | 'order' | 'pos' | 'unfreeze' | 'trust_device';
  amount: bigint;
  currency: string;
  payee: string;
};
/** The ways a challenge can be confirmed. */
export type StepUpMethod = 'passkey' | 'pin' | 'totp' | 'sms' | 'password';
/** Factors a stolen login password does not give: what trusting a new device takes. */
export const POSSESSION_METHODS: readonly StepUpMethod[] = ['passkey', 'sms'];

export type Proof = {
  challengeId: string;
  pin?: string;
  password?: string;
  otp?: string;
  totp?: string;
  /** A WebAuthn assertion over the challenge's derived WebAuthn challenge (see dynamic-link.ts). */
  passkey?: TAuthenticationResponse;
};

/** Sends a text message; never throws (an SMS gateway client). */
export type SmsSender = { send(to: string, text: string, reference?: string): Promise<{ ok: boolean }> };

export type SecurityDeps = {
  pool: pg.Pool;
  identity: IdentityService;
  /** SMS one-time codes as a confirmation method (S2); absent = not offered. */
  sms?: {
    sender: SmsSender;
    otpKey: Buffer;
    available: () => boolean;
  };
  /** Authenticator-app codes as a confirmation method. */
  totp?: Totp;
  /** Passkey assertions as a confirmation method (S3); absent = not offered. */
  passkeys?: PasskeyFactor;
  /** The customer's birth date (YYYYMMDD) when a real-name ID is on file: a PIN must not be it. */
  birthDate?: (customerId: string) => Promise<string | null>;
  /** Runs in the confirmation's transaction after a movement is confirmed (e.g. trust the payee). */
  afterConfirmed?: (tx: pg.PoolClient, customerId: string, binding: Binding) => Promise<void>;
  clock?: () => Date;
};

const OTP_RESEND_SECONDS = 60;
const OTP_MAX_SENDS = 3;

/**
 * S1 payment PIN and S5 strong customer authentication with dynamic linking: a money movement that
 * needs confirmation gets a challenge bound to amount, currency, payee and the id its ledger
 * transfer will carry; the confirmed request must match it exactly, and it works once.
 */
export function createSecurityService(deps: SecurityDeps) {
  const clock = deps.clock ?? (() => new Date());

  /** The customer's usable methods, strongest first, narrowed to `only` when given. */
  async function offeredMethods(customerId: string, only?: readonly StepUpMethod[]): Promise<StepUpMethod[]> {
    const pin = await repo.pinOf(deps.pool, customerId);
    const usablePin = !!pin && !pin.lockedAt;
    const totp =
      ((await deps.totp?.enrolled(customerId)) ?? false) &&
      !(await repo.otpLocked(deps.pool, customerId, 'totp'));
    const smsUsable = !!deps.sms?.available() && !(await repo.otpLocked(deps.pool, customerId, 'sms'));
    const passkey = (await deps.passkeys?.usable(customerId)) ?? false;
    // Strong factors first (the phishing-resistant passkey before all); the login password only
    // when the customer has no other usable factor of their own.
    const methods: StepUpMethod[] = [
      ...(passkey ? (['passkey'] as const) : []),
      ...(usablePin ? (['pin'] as const) : []),
      ...(totp ? (['totp'] as const) : []),
      ...(smsUsable ? (['sms'] as const) : []),
      ...(usablePin || totp || passkey ? [] : (['password'] as const)),
    ];
    return only ? methods.filter((m) => only.includes(m)) : methods;
  }

  return {
    async setPin(customerId: string, pin: string, password: string): Promise<Result<true, SecurityError>> {
      const me = await deps.identity.profileWithHash(customerId);
      if (!me || !(await verify(me.passwordHash, password).catch(() => false)))
        return err('INVALID_CREDENTIALS');
      const problem = pinProblem(pin, me.phone, (await deps.birthDate?.(customerId)) ?? null);
      if (problem) return err(problem);
      const pinHash = await hash(pin, ARGON);
      await inTransaction(deps.pool, async (tx) => {
        await repo.upsertPin(tx, customerId, pinHash);
        await audit(tx, {
          actor: `customer:${customerId}`,
          event: 'security.pin_set',
          subject: `customer:${customerId}`,
        });
        await writeOutbox(tx, [
          {
            topic: 'security.pin_changed',
            customerId,
            payload: {
              notification: {
                customerId,
                kind: 'pin_changed',
                title: '支付密码已设置 Payment PIN set',
                body: '如非本人操作，请立即冻结钱包 If this was not you, freeze your wallet now',
              },
            },
          },
        ]);
      });
      return ok(true);
    },

    /** TOTP enrolment needs the login password; the otpauth URI (with the secret) is shown once. */
    async startTotp(
      customerId: string,
      password: string,
    ): Promise<Result<{ otpauthUri: string; qrSvg: string }, SecurityError>> {
      const me = await deps.identity.profileWithHash(customerId);
      if (!me || !deps.totp || !(await verify(me.passwordHash, password).catch(() => false)))
        return err('INVALID_CREDENTIALS');
      return ok(await deps.totp.start(customerId, me.phone));
    },

    async confirmTotp(
      customerId: string,
      code: string,
    ): Promise<Result<{ recoveryCodes: string[] }, SecurityError>> {
      if (!deps.totp) return err('TOTP_NOT_STARTED');
      return deps.totp.confirm(customerId, code);
    },

    async status(customerId: string) {
      const pin = await repo.pinOf(deps.pool, customerId);
      return {
        pinSet: !!pin,
        pinLocked: !!pin?.lockedAt,
        totpEnrolled: (await deps.totp?.enrolled(customerId)) ?? false,
      };
    },

    offeredMethods,

    /**
     * A new challenge for this movement; PIN when one is set and usable, else the login password.
     * `only` narrows the methods offered (e.g. a new device: no password; trusting a device: SMS or
     * passkey only); the confirmation accepts nothing else.
     */
    async challenge(
      customerId: string,
      binding: Binding,
      operationId: string,
      payeeLabel: string | null = null,
      only?: readonly StepUpMethod[],
    ) {
      const methods = await offeredMethods(customerId, only);
      const passkey = methods.includes('passkey');
      const id = uuidv7();
      const expiresAt = new Date(clock().getTime() + CHALLENGE_TTL_SECONDS * 1000);
      await repo.insertChallenge(deps.pool, {
        id,
        customerId,
        ...binding,
        payeeLabel,
        operationId,
        methods,
        expiresAt,
      });
      // With a passkey, the options for navigator.credentials.get() carry the dynamically linked challenge.
      const webauthn =
        passkey && deps.passkeys
          ? await deps.passkeys.requestOptions(customerId, passkeyChallenge({ id, ...binding, operationId }))
          : undefined;
      return {
        id,
        methods,
        expiresAt: expiresAt.toISOString(),
        summary:
          binding.purpose === 'trust_device'
            ? `信任此设备 Trust this device: ${payeeLabel ?? binding.payee}`
            : `${formatMoney(binding.amount, 'CNY', 'zh-CN')} → ${payeeLabel ?? binding.payee}`,
        ...(webauthn ? { webauthn } : {}),
      };
    },

    /**
     * Texts a one-time code for this challenge to the customer's own phone. The message names the
     * amount and payee (what the code confirms); the code lives as long as the challenge, works
     * once, only for it, and may be re-sent after a minute, three times at most.
     */
    async sendCode(
      customerId: string,
      challengeId: string,
    ): Promise<Result<{ sentTo: string; resendAfterSeconds: number }, SmsError>> {
      const sms = deps.sms;
      if (!sms) return err('SMS_UNAVAILABLE');
      const me = await deps.identity.profileWithHash(customerId);
      if (!me) return err('CHALLENGE_NOT_FOUND');
      const prepared = await inTransaction(deps.pool, async (tx) => {
        const c = await repo.challengeForUpdate(tx, challengeId);
        // Someone else's challenge and a missing one get the same answer.
        if (!c || c.customerId !== customerId) return err('CHALLENGE_NOT_FOUND' as const);
        if (c.consumedAt || c.expiresAt.getTime() < clock().getTime() || !c.methods.includes('sms')) {
          return err('STEP_UP_EXPIRED' as const);
        }
        const since = c.otpSentAt
          ? (clock().getTime() - c.otpSentAt.getTime()) / 1000
          : Number.POSITIVE_INFINITY;
        if (c.otpSends >= OTP_MAX_SENDS || since < OTP_RESEND_SECONDS) return err('TOO_MANY_CODES' as const);
        const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
        await repo.recordOtpSent(tx, c.id, otpHash(sms.otpKey, c.id, code));
        await audit(tx, {
          actor: `customer:${customerId}`,
          event: 'step_up.sms_sent',
          subject: `challenge:${c.id}`,
        });
        return ok({ code, c });
      });
      if (!prepared.ok) return prepared;
      const { code, c } = prepared.value;
      // A device's name comes from the device itself, so it is not put in the text (no attacker-written words).
      const what =
        c.purpose === 'unfreeze'
          ? '解冻钱包 unfreeze your wallet'
          : c.purpose === 'trust_device'
            ? '信任一台新登录的设备 trusting a device that just signed in'
            : `${formatMoney(c.amount, 'CNY', 'zh-CN')} → ${c.payeeLabel ?? c.payee}`;
      const sent = await sms.sender.send(
        me.phone,
        `【银包】验证码 ${code}，用于确认${what}，5分钟内有效，请勿告诉他人。Yinbao code ${code} confirms ${what}. Never share it.`,
        `${c.id}:${c.otpSends + 1}`,
      );
      if (!sent.ok) return err('SMS_UNAVAILABLE');
      return ok({ sentTo: maskPhone(me.phone), resendAfterSeconds: OTP_RESEND_SECONDS });
    },

    /**
     * Checks a confirmation and consumes it (one transaction, challenge row locked): it must be the
     * caller's, unused, unexpired, bound to exactly this movement, and the factor must be right.
     * Returns the operation id the movement must use.
     */
    async confirm(
      customerId: string,
      binding: Binding,
      proof: Proof,
    ): Promise<Result<{ operationId: string }, StepUpError>> {
      return inTransaction(deps.pool, async (tx) => {
        const c = await repo.challengeForUpdate(tx, proof.challengeId);
        if (!c || c.customerId !== customerId || c.consumedAt || c.expiresAt.getTime() < clock().getTime()) {
          return err('STEP_UP_EXPIRED');
        }
        if (c.attempts >= CHALLENGE_ATTEMPTS) return err('STEP_UP_EXPIRED');
        if (
          c.purpose !== binding.purpose ||
          c.amount !== binding.amount ||
          c.currency !== binding.currency ||
          c.payee !== binding.payee
        ) {
          return err('STEP_UP_MISMATCH');
        }
        // Which factor answers: a texted code when one was asked for, else the PIN, else the password.
        let method: 'sms' | 'pin' | 'password' | 'totp' | 'passkey';
        let right: boolean;
        let attemptsLeft = CHALLENGE_ATTEMPTS - c.attempts - 1;
        let lockedNow = false;
        if (proof.passkey !== undefined && c.methods.includes('passkey') && deps.passkeys) {
          method = 'passkey';
          // The expected challenge comes from the stored row (bound to amount, payee and id), not the request.
          const expected = passkeyChallenge(c).toString('base64url');
          const r = await deps.passkeys.check(tx, customerId, proof.passkey, expected);
          if (!r.ok && r.reason === 'locked') return err('PASSKEY_LOCKED');
          right = r.ok;
          if (!r.ok) {
            attemptsLeft = Math.min(attemptsLeft, r.attemptsLeft);
            lockedNow = r.lockedNow;
          }
        } else if (proof.totp !== undefined && c.methods.includes('totp') && deps.totp) {
          method = 'totp';
          if (await repo.otpLocked(tx, customerId, 'totp')) return err('OTP_LOCKED');
          right = await deps.totp.check(tx, customerId, proof.totp);
          ({ attemptsLeft, lockedNow } = await otpResult(tx, customerId, 'totp', right, attemptsLeft));
        } else if (proof.otp !== undefined && c.methods.includes('sms') && deps.sms) {
          method = 'sms';
          if (await repo.otpLocked(tx, customerId, 'sms')) return err('OTP_LOCKED');
          right = !!c.otpHash && timingSafeEqual(otpHash(deps.sms.otpKey, c.id, proof.otp), c.otpHash);
          ({ attemptsLeft, lockedNow } = await otpResult(tx, customerId, 'sms', right, attemptsLeft));
        } else if (c.methods.includes('pin')) {
          method = 'pin';
          if (proof.pin === undefined) return err('STEP_UP_FAILED', 'Enter your payment PIN');
          const pin = await repo.pinOf(tx, customerId, true);
          if (!pin) return err('STEP_UP_FAILED');
          if (pin.lockedAt) return err('PIN_LOCKED');
          right = await verify(pin.pinHash, proof.pin).catch(() => false);
          const after = await repo.recordPinResult(tx, customerId, right, PIN_LOCK_AFTER);
          attemptsLeft = Math.min(attemptsLeft, PIN_LOCK_AFTER - after.failed_attempts);
          lockedNow = !right && !!after.locked_at;
        } else if (c.methods.includes('password')) {
          method = 'password';
          const me = await deps.identity.profileWithHash(customerId);
          right =
            !!me &&
            proof.password !== undefined &&
            (await verify(me.passwordHash, proof.password).catch(() => false));
        } else {
          // Only the methods the challenge offered count (e.g. no PIN or password to trust a device).
          return err('STEP_UP_FAILED', `Confirm with one of: ${c.methods.join(', ')}`);
        }
        const actor = `customer:${customerId}`;
        if (!right) {
          await repo.failChallengeAttempt(tx, c.id);
          await audit(tx, { actor, event: 'step_up.failed', subject: `challenge:${c.id}`, data: { method } });
          // The passkey factor audits and announces its own lock (passkeys module).
          if (lockedNow && method === 'passkey') return err('PASSKEY_LOCKED');
          if (lockedNow && (method === 'totp' || method === 'sms')) {
            await writeOutbox(tx, [otpLockedEvent(customerId, method)]);
            await audit(tx, {
              actor: 'system',
              event: 'security.otp_locked',
              subject: actor,
              data: { factor: method },
            });
            return err('OTP_LOCKED');
          }
          if (lockedNow) {
            await writeOutbox(tx, [lockedEvent(customerId)]);
            await audit(tx, { actor: 'system', event: 'security.pin_locked', subject: actor });
            return err('PIN_LOCKED');
          }
          return err('STEP_UP_FAILED', undefined, { attemptsLeft });
        }
        await repo.consumeChallenge(tx, c.id, method);
        await deps.afterConfirmed?.(tx, customerId, binding);
        await audit(tx, stepUpOk(customerId, c, method));
        return ok({ operationId: c.operationId });
      });
    },
  };
}

export type SmsError = 'SMS_UNAVAILABLE' | 'TOO_MANY_CODES' | 'STEP_UP_EXPIRED' | 'CHALLENGE_NOT_FOUND';

function otpHash(key: Buffer, challengeId: string, code: string): Buffer {
  return createHmac('sha256', key).update(`${challengeId}|${code}`).digest();
}

function stepUpOk(customerId: string, c: repo.ChallengeRow, method: string) {
  return {
    actor: `customer:${customerId}`,
    event: 'step_up.succeeded',
    subject: `challenge:${c.id}`,
    data: {
      method,
      purpose: c.purpose,
      amount: c.amount.toString(),
      currency: c.currency,
      payee: c.payee,
      operationId: c.operationId,
    },
  };
}

const OTP_LOCK_AFTER = 5;

/** Records a one-time-code answer against the factor's lock; the attempts left are the lower count. */
async function otpResult(
  tx: pg.PoolClient,
  customerId: string,
  factor: repo.OtpFactor,
  right: boolean,
  attemptsLeft: number,
) {
  const r = await repo.recordOtpResult(tx, customerId, factor, right, OTP_LOCK_AFTER);
  return { attemptsLeft: Math.min(attemptsLeft, OTP_LOCK_AFTER - r.failures), lockedNow: r.lockedNow };
}

function otpLockedEvent(customerId: string, factor: 'totp' | 'sms') {
  return {
    topic: 'security.otp_locked',
    customerId,
    payload: {
      notification: {
        customerId,
        kind: 'otp_locked',
        title:
          factor === 'totp'
            ? '验证器已锁定 Authenticator codes blocked'
            : '短信验证码已锁定 Texted codes blocked',
        body: '连续5次输错验证码，如非本人操作请冻结钱包 Five wrong codes in a row; if this was not you, freeze your wallet',
      },
    },
  };
}

function lockedEvent(customerId: string) {
  return {
    topic: 'security.pin_locked',
    customerId,
    payload: {
      notification: {
        customerId,
        kind: 'pin_locked',
        title: '支付密码已锁定 Payment PIN locked',
        body: '连续5次输错支付密码 Five wrong PINs in a row; set a new PIN with your login password',
      },
    },
  };
}

export type SecurityService = ReturnType<typeof createSecurityService>;
