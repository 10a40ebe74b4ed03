import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/helpers/db.ts';
import { housekeeping } from './housekeeping.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe('housekeeping', () => {
  it('removes expired one-time records and idle throttle counters, keeps live ones (as the app role)', async () => {
    const q = (sql: string) => db.pool.query(sql);
    await q(`INSERT INTO webauthn_ceremonies (id, challenge, purpose, created_at, expires_at) VALUES
      (gen_random_uuid(), 'old', 'login', now() - interval '2 hours', now() - interval '2 hours' + interval '5 minutes'),
      (gen_random_uuid(), 'live', 'login', now(), now() + interval '5 minutes')`);
    await q(`INSERT INTO signup_verifications (id, phone_index, phone_ciphertext, phone_key_id, expires_at) VALUES
      (gen_random_uuid(), '\\x01', '\\x01', 'dk_x', now() - interval '2 days'),
      (gen_random_uuid(), '\\x02', '\\x02', 'dk_x', now() - interval '1 hour')`);
    await q(`INSERT INTO auth_throttle (key, failures, window_started_at, blocked_until) VALUES
      ('login:ip:old', 3, now() - interval '2 days', NULL),
      ('login:ip:blocked', 50, now() - interval '2 days', now() + interval '1 hour'),
      ('login:ip:recent', 1, now(), NULL)`);
    expect(await housekeeping(db.pool)).toEqual({
      webauthnCeremonies: 1,
      signupVerifications: 1,
      authThrottle: 1,
    });
    const left = async (table: string) => (await q(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
    expect(await left('webauthn_ceremonies')).toBe(1);
    expect(await left('signup_verifications')).toBe(1);
    expect((await q('SELECT key FROM auth_throttle ORDER BY key')).rows.map((r) => r.key)).toEqual([
      'login:ip:blocked',
      'login:ip:recent',
    ]);
    expect(await housekeeping(db.pool)).toEqual({
      webauthnCeremonies: 0,
      signupVerifications: 0,
      authThrottle: 0,
    });
  });
});
