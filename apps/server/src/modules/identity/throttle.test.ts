import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signup, startTestServer, type TestServer } from '../../../../../test/helpers/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ background: false });
});
afterAll(async () => {
  await s.stop();
});

const login = (phone: string, password: string, ip = '10.0.0.1') =>
  s.app.inject({ method: 'POST', url: '/v1/auth/login', remoteAddress: ip, payload: { phone, password } });

describe('login throttling (S1)', () => {
  it('blocks a (phone, IP) pair after five failures, even for the right password; other IPs still sign in', async () => {
    const a = await signup(s, '13200000001');
    for (let i = 0; i < 5; i++) expect((await login(a.phone, 'wrong password 1')).statusCode).toBe(401);
    const blocked = await login(a.phone, 'correct horse battery');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('TOO_MANY_ATTEMPTS');
    expect(blocked.json().details.retryAfterSeconds).toBeGreaterThan(800);
    // The customer elsewhere is not locked out by someone guessing from one address.
    expect((await login(a.phone, 'correct horse battery', '10.0.0.2')).statusCode).toBe(200);
  });

  it('treats an unregistered phone exactly like a registered one', async () => {
    const a = await signup(s, '13200000011');
    const answers: string[] = [];
    for (const phone of [a.phone, '13200000099']) {
      const bodies: string[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await login(phone, 'not the password', '10.0.1.1');
        bodies.push(`${r.statusCode} ${r.json().code}`);
      }
      answers.push(bodies.join(','));
    }
    expect(answers[0]).toBe(answers[1]);
    expect(answers[0]).toContain('429 TOO_MANY_ATTEMPTS');
  });

  it('a success clears the pair counter', async () => {
    const a = await signup(s, '13200000021');
    for (let i = 0; i < 4; i++) await login(a.phone, 'wrong password 2', '10.0.2.1');
    expect((await login(a.phone, 'correct horse battery', '10.0.2.1')).statusCode).toBe(200);
    for (let i = 0; i < 4; i++)
      expect((await login(a.phone, 'wrong password 2', '10.0.2.1')).statusCode).toBe(401);
    expect((await login(a.phone, 'correct horse battery', '10.0.2.1')).statusCode).toBe(200);
  });
});
