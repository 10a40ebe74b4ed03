import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../../test/helpers/server.ts';
import { phoneIndex } from '../encrypted-fields.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({
    background: false,
    env: { RATE_LIMIT_SIGNUP_PER_MINUTE: '3', RATE_LIMIT_LOGIN_PER_MINUTE: '4' },
  });
});
afterAll(async () => {
  await s.stop();
});

describe('rate limits on auth endpoints', () => {
  it('answers 429 with Retry-After past the per-minute limit, per caller address', async () => {
    const signup = (n: number, ip: string) =>
      s.app.inject({
        method: 'POST',
        url: '/v1/auth/signup',
        remoteAddress: ip,
        payload: { phone: `1310000000${n}`, password: 'correct horse battery' },
      });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await signup(i, '10.9.0.1')).statusCode);
    expect(codes).toEqual([201, 201, 201, 429]);
    const limited = await signup(5, '10.9.0.1');
    expect(limited.json().code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Nothing was written for the refused request.
    const { rows } = await s.db.pool.query(
      'SELECT count(*)::int AS n FROM customers WHERE phone_index = $1',
      [phoneIndex(s.keyring, '+8613100000005')],
    );
    expect(rows[0].n).toBe(0);
    expect((await signup(6, '10.9.0.2')).statusCode).toBe(201);
    const login = (ip: string) =>
      s.app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        remoteAddress: ip,
        payload: { phone: '13100000006', password: 'x' },
      });
    const lc = [];
    for (let i = 0; i < 5; i++) lc.push((await login('10.9.0.3')).statusCode);
    expect(lc).toEqual([401, 401, 401, 401, 429]);
  });
});
