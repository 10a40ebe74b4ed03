import type { Executor } from './sql.ts';

/**
 * Deletes short-lived security records once they can no longer matter, so tables of one-time
 * ceremonies do not grow without bound: WebAuthn ceremonies an hour after they expired, sign-up
 * verifications a day after (their per-number text throttle looks back one hour), and login
 * throttle counters whose window ended a day ago and that block nobody. Step-up challenges stay:
 * the audit log refers to them.
 */
export async function housekeeping(db: Executor): Promise<Record<string, number>> {
  const run = async (sql: string) => (await db.query(sql)).rowCount ?? 0;
  return {
    webauthnCeremonies: await run(
      `DELETE FROM webauthn_ceremonies WHERE expires_at < now() - interval '1 hour'`,
    ),
    signupVerifications: await run(
      `DELETE FROM signup_verifications WHERE expires_at < now() - interval '1 day'`,
    ),
    authThrottle: await run(
      `DELETE FROM auth_throttle WHERE window_started_at < now() - interval '1 day'
          AND (blocked_until IS NULL OR blocked_until < now())`,
    ),
  };
}
