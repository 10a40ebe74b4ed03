import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { uuidv7 } from '@yinbao/ledger';
import type pg from 'pg';
import { audit } from '../../platform/audit.ts';
import { AAD, phoneIndex } from '../../platform/encrypted-fields.ts';
import { err, ok, type Result } from '../../platform/errors.ts';
import type { Vault } from '../../platform/secrets.ts';
import { inTransaction } from '../../platform/sql.ts';
import { maskPhone, normalizeCnMobile } from './phone.ts';
import type { VerificationPurpose } from './signup-verification.repository.ts';
import * as repo from './signup-verification.repository.ts';

/** Sends a text message; never throws (an SMS gateway client). */
export type TextSender = { send(to: string, text: string, reference?: string): Promise<{ ok: boolean }> };

export const VERIFICATION_TTL_SECONDS = 600;
export const VERIFICATION_ATTEMPTS = 5;
/** Per number and purpose: a text at most every minute, at most three an hour (across its verifications). */
export const RESEND_SECONDS = 60;
export const TEXTS_PER_HOUR = 3;

export type StartedVerification = { verificationId: string; expiresAt: string; resendAfterSeconds: number };

export type SignupVerificationDeps = {
  pool: pg.Pool;
  vault: Vault;
  sms: TextSender;
  /** HMAC key of the stored codes (the code itself is never stored). */
  codeKey: Buffer;
  clock: () => Date;
};

const codeText = (code: string) =>
  `【银包】注册验证码 ${code}，10分钟内有效，请勿告诉他人。Your Yinbao sign-up code is ${code}; it expires in 10 minutes. Never share it.`;
const signInCodeText = (code: string) =>
  `【银包】登录验证码 ${code}，10分钟内有效。银行工作人员不会索要验证码，请勿告诉任何人。Your Yinbao sign-in code is ${code}; it expires in 10 minutes. Bank staff never ask for it: never share it.`;
// No digits, like the text for a registered number.
const UNREGISTERED_TEXT =
  '【银包】有人尝试用此手机号登录银包，但此号码尚未开通钱包。如需开通请在登录页选择“开通钱包”；如非本人操作，请忽略。' +
  'Someone tried to sign in to Yinbao with this number, which has no wallet. To open one, choose "Open a wallet"; if this was not you, ignore this message.';
// No digits: a code reader must not mistake anything in it for a code.
const REGISTERED_TEXT =
  '【银包】此手机号已开通银包钱包，无需重新注册：请直接登录；忘记密码请在登录页选择“忘记密码”重置。如非本人操作，请忽略。' +
  'This number already has a Yinbao wallet: sign in, or reset your password from the sign-in page. If this was not you, ignore this message.';

/**
 * Phone verification before sign-up, and sign-in codes (`purpose`). `start` gives the same answer, after the same work (one text
 * through the gateway), whether or not the number has a wallet: a new number gets a code, a
 * registered one a text saying how to sign in (and its verification no code, so it can never pass).
 * `check` and `consume` run inside the sign-up transaction.
 */
export function createSignupVerification(deps: SignupVerificationDeps) {
  const { vault, clock } = deps;
  const codeHash = (verificationId: string, code: string) =>
    createHmac('sha256', deps.codeKey).update(`${verificationId}|${code}`).digest();
  // Compared against when there is no code, so every check costs one HMAC and one comparison.
  const NO_CODE = Buffer.alloc(32);

  return {
    async start(
      rawPhone: string,
      meta: { ip?: string },
      /** sign_in: a registered number gets the code, a new one a text saying it has no wallet. */
      purpose: VerificationPurpose = 'signup',
    ): Promise<Result<StartedVerification, 'INVALID_PHONE' | 'SMS_UNAVAILABLE'>> {
      const phone = normalizeCnMobile(rawPhone);
      if (!phone) return err('INVALID_PHONE');
      const index = phoneIndex(vault, phone);
      const now = clock();
      // Drawn and hashed for a registered number too (then not stored): the same work either way.
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const prepared = await inTransaction(deps.pool, async (tx) => {
        await repo.lockPhone(tx, index);
        const registered = await repo.phoneRegistered(tx, index);
        const withCode = purpose === 'signup' ? !registered : registered;
        let v = await repo.liveVerification(tx, index, now, VERIFICATION_ATTEMPTS, purpose);
        if (!v) {
          const id = uuidv7();
          v = await repo.insertVerification(tx, {
            id,
            phoneIndex: index,
            phoneCiphertext: vault.encrypt(phone, AAD.signupPhone(id)),
            phoneKeyId: vault.keyId,
            createdAt: now,
            expiresAt: new Date(now.getTime() + VERIFICATION_TTL_SECONDS * 1000),
            purpose,
          });
        }
        // Per number and purpose: someone who has just opened a wallet can sign in elsewhere at once.
        const since = new Date(now.getTime() - 3600_000);
        const wait = waitSeconds(await repo.textsSince(tx, index, since, purpose), now);
        const hash = codeHash(v.id, code);
        if (wait === 0) await repo.recordSend(tx, v.id, withCode ? hash : null, now);
        await audit(tx, {
          actor: 'anonymous',
          event: purpose === 'signup' ? 'auth.signup_verification_requested' : 'auth.sign_in_code_requested',
          subject: `signup_verification:${v.id}`,
          ip: meta.ip,
          data: { phone: maskPhone(phone), texted: wait === 0 },
        });
        return { v, withCode, wait };
      });
      const { v, withCode, wait } = prepared;
      if (wait === 0) {
        const text =
          purpose === 'signup'
            ? withCode
              ? codeText(code)
              : REGISTERED_TEXT
            : withCode
              ? signInCodeText(code)
              : UNREGISTERED_TEXT;
        const sent = await deps.sms.send(phone, text, `${v.id}:${v.sends + 1}`);
        if (!sent.ok) {
          await repo.undoSend(deps.pool, v);
          return err('SMS_UNAVAILABLE');
        }
      }
      return ok({
        verificationId: v.id,
        expiresAt: v.expiresAt.toISOString(),
        resendAfterSeconds: wait === 0 ? RESEND_SECONDS : wait,
      });
    },

    /**
     * Locks the verification and checks it for this number and code. Every way to fail is the same
     * `false` (unknown, used, expired, out of attempts, another number, a registered number, a wrong
     * code); a failure on a usable verification uses one of its attempts.
     */
    async check(
      tx: pg.PoolClient,
      input: { verificationId: string; code: string; phone: string },
      purpose: VerificationPurpose = 'signup',
    ): Promise<boolean> {
      const v = await repo.verificationForUpdate(tx, input.verificationId);
      const hash = codeHash(input.verificationId, input.code);
      const expected = v?.codeHash && v.codeHash.length === hash.length ? v.codeHash : NO_CODE;
      const codeRight = timingSafeEqual(hash, expected) && !!v?.codeHash;
      const index = phoneIndex(vault, input.phone);
      const samePhone = !!v && v.phoneIndex.length === index.length && timingSafeEqual(v.phoneIndex, index);
      // A code proves the number for its own purpose only (a sign-up code never signs in).
      if (!v || v.consumedAt || v.purpose !== purpose) return false;
      if (v.expiresAt.getTime() <= clock().getTime() || v.attempts >= VERIFICATION_ATTEMPTS) return false;
      if (samePhone && codeRight) return true;
      await repo.failAttempt(tx, v.id);
      return false;
    },

    /** After a failed check's transaction has decided otherwise (e.g. the number was taken meanwhile). */
    reject: (tx: pg.PoolClient, verificationId: string) => repo.failAttempt(tx, verificationId),

    consume: (tx: pg.PoolClient, verificationId: string) => repo.consume(tx, verificationId, clock()),
  };
}

/** Seconds until the next text to this number may go (0 = now). */
function waitSeconds(texts: { count: number; oldest: Date | null; newest: Date | null }, now: Date): number {
  const t = now.getTime();
  const gap = texts.newest ? texts.newest.getTime() + RESEND_SECONDS * 1000 - t : 0;
  // The hourly cap counts every text of verifications last texted within the hour: it may hold a
  // number back a little longer than a sliding window would, never less.
  const cap = texts.count >= TEXTS_PER_HOUR && texts.oldest ? texts.oldest.getTime() + 3600_000 - t : 0;
  return Math.max(0, Math.ceil(Math.max(gap, cap) / 1000));
}

export type SignupVerification = ReturnType<typeof createSignupVerification>;
