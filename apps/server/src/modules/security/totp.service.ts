import { createHmac, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { audit } from '../../platform/audit.ts';
import { err, ok, type Result } from '../../platform/errors.ts';
import type { Vault } from '../../platform/secrets.ts';
import { type Executor, inTransaction } from '../../platform/sql.ts';
import { maskPhone } from '../identity/index.ts';
import { newTotpSecret, otpauthUri, qrSvg, verifyTotp } from './totp.ts';

export type TotpError = 'TOTP_NOT_STARTED' | 'TOTP_CODE_WRONG';

/** Authenticator-app enrolment (S2) and verification of its codes and recovery codes. */
export function createTotp(deps: { pool: pg.Pool; vault: Vault; hmacKey: Buffer; clock?: () => Date }) {
  const clock = deps.clock ?? (() => new Date());
  const aad = (customerId: string) => `totp:${customerId}`;
  const recoveryHash = (customerId: string, code: string) =>
    createHmac('sha256', deps.hmacKey)
      .update(`recovery:${customerId}:${code.replace(/-/g, '').toUpperCase()}`)
      .digest();

  async function secretOf(db: Executor, customerId: string, forUpdate: boolean) {
    const { rows } = await db.query(
      `SELECT secret_ciphertext, secret_key_id, confirmed_at, last_used_step FROM customer_totp WHERE customer_id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [customerId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      secret: Buffer.from(
        deps.vault.decrypt(r.secret_ciphertext, aad(customerId), r.secret_key_id),
        'base64',
      ),
      confirmed: !!r.confirmed_at,
      lastUsedStep: r.last_used_step === null ? null : Number(r.last_used_step),
    };
  }

  return {
    /** Starts (or restarts, until confirmed again) enrolment: the secret is shown once. */
    async start(customerId: string, phone: string) {
      const secret = newTotpSecret();
      await deps.pool.query(
        `INSERT INTO customer_totp (customer_id, secret_ciphertext, secret_key_id) VALUES ($1, $2, $3)
         ON CONFLICT (customer_id) DO UPDATE SET secret_ciphertext = EXCLUDED.secret_ciphertext,
           secret_key_id = EXCLUDED.secret_key_id, confirmed_at = NULL, last_used_step = NULL, created_at = now()`,
        [customerId, deps.vault.encrypt(secret.toString('base64'), aad(customerId)), deps.vault.keyId],
      );
      const uri = otpauthUri(secret, maskPhone(phone));
      return { otpauthUri: uri, qrSvg: await qrSvg(uri) };
    },

    /** A first correct code activates it and returns ten single-use recovery codes (shown once). */
    async confirm(customerId: string, code: string): Promise<Result<{ recoveryCodes: string[] }, TotpError>> {
      return inTransaction(deps.pool, async (tx) => {
        const t = await secretOf(tx, customerId, true);
        if (!t) return err('TOTP_NOT_STARTED');
        const step = verifyTotp(t.secret, code, clock(), t.lastUsedStep);
        if (step === null) return err('TOTP_CODE_WRONG');
        const codes = Array.from({ length: 10 }, () => {
          const raw = randomBytes(5).toString('hex').toUpperCase();
          return `${raw.slice(0, 5)}-${raw.slice(5)}`;
        });
        await tx.query(
          'UPDATE customer_totp SET confirmed_at = now(), last_used_step = $2 WHERE customer_id = $1',
          [customerId, step],
        );
        await tx.query('DELETE FROM totp_recovery_codes WHERE customer_id = $1', [customerId]);
        // A newly enrolled authenticator starts unblocked.
        await tx.query(`DELETE FROM otp_guard WHERE customer_id = $1 AND factor = 'totp'`, [customerId]);
        await tx.query(
          'INSERT INTO totp_recovery_codes (customer_id, code_hash) SELECT $1, unnest($2::bytea[])',
          [customerId, codes.map((c) => recoveryHash(customerId, c))],
        );
        await audit(tx, {
          actor: `customer:${customerId}`,
          event: 'security.totp_enrolled',
          subject: `customer:${customerId}`,
        });
        return ok({ recoveryCodes: codes });
      });
    },

    enrolled: async (customerId: string) =>
      (await secretOf(deps.pool, customerId, false))?.confirmed ?? false,

    /** Checks an authenticator code (each 30-second step once) or an unused recovery code, in `tx`. */
    async check(tx: Executor, customerId: string, code: string): Promise<boolean> {
      if (/^[0-9A-Fa-f]{5}-?[0-9A-Fa-f]{5}$/.test(code)) {
        const { rowCount } = await tx.query(
          'UPDATE totp_recovery_codes SET used_at = now() WHERE customer_id = $1 AND code_hash = $2 AND used_at IS NULL',
          [customerId, recoveryHash(customerId, code)],
        );
        return rowCount === 1;
      }
      const t = await secretOf(tx, customerId, true);
      if (!t?.confirmed) return false;
      const step = verifyTotp(t.secret, code, clock(), t.lastUsedStep);
      if (step === null) return false;
      await tx.query('UPDATE customer_totp SET last_used_step = $2 WHERE customer_id = $1', [
        customerId,
        step,
      ]);
      return true;
    },
  };
}

export type Totp = ReturnType<typeof createTotp>;
