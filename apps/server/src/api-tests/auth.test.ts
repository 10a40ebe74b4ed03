import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  countRows,
  expectClientError,
  openApiDocument,
  parallel,
  phoneSource,
  tally,
} from '../../../../test/helpers/api.ts';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.ts';
import { phoneIndex } from '../platform/encrypted-fields.ts';

/** Sign-up, sign-in, sessions and the operational endpoints (A1, S1, X5, X6). */
let s: TestServer;
const logLines: string[] = [];
const phone = phoneSource('1880');
const PASSWORD = 'correct horse battery';
/** Every token and password this file uses: none may show up in the logs. */
const secrets = new Set<string>([PASSWORD]);

beforeAll(async () => {
  s = await startTestServer({ background: false, logLines });
});
afterAll(async () => {
  await s?.stop();
});

async function signupOk(p = phone(), password = PASSWORD) {
  const r = await call(s, 'POST', '/v1/auth/signup', { body: { phone: p, password } });
  expect(r.status, r.text).toBe(201);
  secrets.add(r.json.session.token);
  return {
    phone: p,
    token: r.json.session.token as string,
    customerId: r.json.customer.id as string,
    body: r.json,
  };
}

async function login(p: string, password: string, headers: Record<string, string> = {}) {
  return call(s, 'POST', '/v1/auth/login', { body: { phone: p, password }, headers });
}

/** Every text column of every table in the public schema that contains `needle`. */
async function whereInDatabase(needle: string): Promise<string[]> {
  const { rows: tables } = await s.db.pool.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  const hits: string[] = [];
  for (const { table_name } of tables) {
    const { rows } = await s.db.pool.query(
      `SELECT count(*)::int AS n FROM "${table_name}" t WHERE strpos(t::text, $1) > 0`,
      [needle],
    );
    if (rows[0].n > 0) hits.push(`${table_name} (${rows[0].n})`);
  }
  return hits;
}

describe('sign-up', () => {
  it('opens a customer, a wallet and a session; the phone comes back masked', async () => {
    const p = phone();
    const { body } = await signupOk(p);
    expect(body.customer.phone).toBe(`${p.slice(0, 3)}****${p.slice(-4)}`);
    expect(body.session.token).toMatch(/^ybs_[A-Za-z0-9_-]{43}$/);
    expect(body.session.customerId).toBe(body.customer.id);
    const me = await call(s, 'GET', '/v1/me', { token: body.session.token });
    expect(me.status).toBe(200);
    expect(me.json.walletId).toBe(body.customer.walletId);
  });

  it('refuses phone numbers that are not mainland mobiles with 400 INVALID_PHONE and writes nothing', async () => {
    const before = await countRows(s, ['customers', 'wallets', 'sessions', 'outbox_events']);
    for (const bad of [
      '12345678901', // 12x is not a mobile prefix
      '1380013800', // 10 digits
      '138001380001', // 12 digits
      '+1 415 555 0100',
      '+8523800138000',
      '02012345678', // landline
      'abcdefghijk',
      '１３８００１３８０００', // full-width digits
      '138 0013 8000 x',
    ]) {
      const r = await call(s, 'POST', '/v1/auth/signup', { body: { phone: bad, password: PASSWORD } });
      expectClientError(r, bad, 'INVALID_PHONE');
      expect(r.status).toBe(400);
    }
    expect(await countRows(s, ['customers', 'wallets', 'sessions', 'outbox_events'])).toEqual(before);
  });

  it('refuses short and trivial passwords with 400', async () => {
    const before = await countRows(s, ['customers']);
    const short = await call(s, 'POST', '/v1/auth/signup', { body: { phone: phone(), password: 'abc1234' } });
    expectClientError(short, 'seven characters', 'VALIDATION_ERROR');
    expect(short.status).toBe(400);
    for (const weak of ['aaaaaaaaaaaa', 'abababababab']) {
      const r = await call(s, 'POST', '/v1/auth/signup', { body: { phone: phone(), password: weak } });
      expectClientError(r, weak, 'WEAK_PASSWORD');
      expect(r.status).toBe(400);
    }
    const long = await call(s, 'POST', '/v1/auth/signup', {
      body: { phone: phone(), password: 'x'.repeat(129) },
    });
    expectClientError(long, '129 characters', 'VALIDATION_ERROR');
    expect(await countRows(s, ['customers'])).toEqual(before);
  });

  it('refuses a phone that already has a wallet with 409 PHONE_TAKEN, in any spelling', async () => {
    const p = phone();
    await signupOk(p);
    const before = await countRows(s, ['customers', 'wallets', 'sessions']);
    for (const spelling of [
      p,
      `+86${p}`,
      `0086${p}`,
      `+86 ${p.slice(0, 3)}-${p.slice(3, 7)}-${p.slice(7)}`,
    ]) {
      const r = await call(s, 'POST', '/v1/auth/signup', {
        body: { phone: spelling, password: 'other password 1' },
      });
      expectClientError(r, spelling, 'PHONE_TAKEN');
      expect(r.status).toBe(409);
    }
    expect(await countRows(s, ['customers', 'wallets', 'sessions'])).toEqual(before);
  });

  it('10 simultaneous sign-ups with one phone: exactly one wins, nine get PHONE_TAKEN', async () => {
    const p = phone();
    const results = await parallel(10, (i) =>
      call(s, 'POST', '/v1/auth/signup', { body: { phone: p, password: `password number ${i}` } }),
    );
    expect(tally(results)).toEqual({ '201': 1, '409 PHONE_TAKEN': 9 });
    const { rows } = await s.db.pool.query(
      'SELECT count(*)::int AS n, count(DISTINCT w.id)::int AS wallets FROM customers c JOIN wallets w ON w.customer_id = c.id WHERE c.phone_index = $1',
      [phoneIndex(s.keyring, `+86${p}`)],
    );
    expect(rows[0]).toEqual({ n: 1, wallets: 1 });
    const winner = results.find((r) => r.status === 201)!;
    secrets.add(winner.json.session.token);
  });
});

describe('sign-in and sessions', () => {
  it('a wrong password and an unknown phone get byte-identical 401 answers', async () => {
    const { phone: p } = await signupOk();
    const wrong = await login(p, 'not the password');
    const unknown = await login(phone(), 'not the password');
    const malformed = await login('not-a-phone', 'not the password');
    for (const [label, r] of [
      ['wrong password', wrong],
      ['unknown phone', unknown],
      ['malformed phone', malformed],
    ] as const) {
      expectClientError(r, label, 'INVALID_CREDENTIALS');
      expect(r.status, label).toBe(401);
    }
    expect(unknown.text).toBe(wrong.text);
    expect(malformed.text).toBe(wrong.text);
    for (const h of ['content-type', 'content-length']) {
      expect(unknown.headers.get(h), h).toBe(wrong.headers.get(h));
    }
    const ok = await login(p, PASSWORD);
    expect(ok.status, ok.text).toBe(200);
    secrets.add(ok.json.token);
    // Another spelling of the same number signs in too.
    const spelled = await login(`+86 ${p}`, PASSWORD);
    expect(spelled.status).toBe(200);
    secrets.add(spelled.json.token);
  });

  it('a wrong password for a registered phone and any password for an unknown one take the same time', async () => {
    // A smoke check, not a proof (a shared CI machine is noisy): both paths run one argon2id
    // verification and the same throttle bookkeeping, so their medians must be close. Each attempt
    // uses its own phone, so the per-(phone, IP) throttle never answers instead.
    const registered = await Promise.all(Array.from({ length: 15 }, () => signupOk()));
    const times = { registered: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < 15; i++) {
      for (const kind of i % 2
        ? (['registered', 'unknown'] as const)
        : (['unknown', 'registered'] as const)) {
        const p = kind === 'registered' ? registered[i]!.phone : phone();
        const t0 = performance.now();
        const r = await login(p, 'not the password');
        times[kind].push(performance.now() - t0);
        expect(r.status).toBe(401);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const [mr, mu] = [median(times.registered), median(times.unknown)];
    console.log(`login failure median: registered ${mr.toFixed(1)} ms, unknown ${mu.toFixed(1)} ms`);
    expect(Math.abs(mr - mu)).toBeLessThan(Math.max(25, 0.5 * Math.max(mr, mu)));
  });

  it('logout revokes exactly that session: the token then gets 401, other sessions live on', async () => {
    const u = await signupOk();
    const second = await login(u.phone, PASSWORD);
    secrets.add(second.json.token);
    expect((await call(s, 'GET', '/v1/me', { token: u.token })).status).toBe(200);

    const out = await call(s, 'POST', '/v1/auth/logout', { token: u.token });
    expect(out.status, out.text).toBe(200);
    expect(out.json).toEqual({ status: 'signed_out' });

    const after = await call(s, 'GET', '/v1/me', { token: u.token });
    expectClientError(after, 'revoked token', 'UNAUTHENTICATED');
    expect(after.status).toBe(401);
    const again = await call(s, 'POST', '/v1/auth/logout', { token: u.token });
    expect(again.status).toBe(401);
    expect((await call(s, 'GET', '/v1/me', { token: second.json.token })).status).toBe(200);
    const { rows } = await s.db.pool.query(
      'SELECT count(*) FILTER (WHERE revoked_at IS NOT NULL)::int AS revoked, count(*)::int AS total FROM sessions WHERE customer_id = $1',
      [u.customerId],
    );
    expect(rows[0]).toEqual({ revoked: 1, total: 2 });
  });

  it('an expired session gets 401', async () => {
    const u = await signupOk();
    await s.db.pool.query(
      `UPDATE sessions SET expires_at = now() - interval '1 second' WHERE customer_id = $1`,
      [u.customerId],
    );
    expectClientError(await call(s, 'GET', '/v1/me', { token: u.token }), 'expired', 'UNAUTHENTICATED');
  });

  it('stores only a SHA-256 of the session token, never the token itself', async () => {
    const u = await signupOk();
    const l = await login(u.phone, PASSWORD);
    secrets.add(l.json.token);
    for (const token of [u.token, l.json.token as string]) {
      const { rows: clear } = await s.db.pool.query(
        'SELECT count(*)::int AS n FROM sessions s WHERE strpos(s::text, $1) > 0',
        [token],
      );
      expect(clear[0].n).toBe(0);
      const hash = createHash('sha256').update(token).digest();
      const { rows } = await s.db.pool.query('SELECT customer_id FROM sessions WHERE token_hash = $1', [
        hash,
      ]);
      expect(rows).toEqual([{ customer_id: u.customerId }]);
      // Nor anywhere else (the token is 43 random characters after "ybs_").
      expect(await whereInDatabase(token.slice(4))).toEqual([]);
    }
  });

  it('the session token is not stored in clear even when sign-up / sign-in carry an Idempotency-Key', async () => {
    const p = phone();
    const up = await call(s, 'POST', '/v1/auth/signup', {
      idempotencyKey: `signup-${p}`,
      body: { phone: p, password: PASSWORD },
    });
    expect(up.status, up.text).toBe(201);
    const inn = await call(s, 'POST', '/v1/auth/login', {
      idempotencyKey: `login-${p}`,
      body: { phone: p, password: PASSWORD },
    });
    expect(inn.status, inn.text).toBe(200);
    for (const token of [up.json.session.token as string, inn.json.token as string]) {
      expect(await whereInDatabase(token.slice(4))).toEqual([]);
    }
  });

  it('hashes passwords with argon2id and keeps no trace of the password', async () => {
    const password = 'a very particular passphrase 42';
    secrets.add(password);
    const u = await signupOk(phone(), password);
    const { rows } = await s.db.pool.query('SELECT password_hash FROM customers WHERE id = $1', [
      u.customerId,
    ]);
    const hash = rows[0].password_hash as string;
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    const m = Number(/m=(\d+)/.exec(hash)![1]);
    expect(m, 'argon2 memory cost (KiB), OWASP minimum 19 MiB').toBeGreaterThanOrEqual(19_456);
    expect(await whereInDatabase(password)).toEqual([]);
    // Two customers with the same password get different hashes (salted).
    const v = await signupOk(phone(), password);
    const { rows: r2 } = await s.db.pool.query('SELECT password_hash FROM customers WHERE id = $1', [
      v.customerId,
    ]);
    expect(r2[0].password_hash).not.toBe(hash);
  });
});

describe('operational endpoints', () => {
  it('/healthz and /readyz answer 200', async () => {
    const h = await call(s, 'GET', '/healthz');
    expect(h.status).toBe(200);
    expect(h.json).toEqual({ status: 'ok' });
    const r = await call(s, 'GET', '/readyz');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ status: 'ready' });
  });

  it('/metrics is Prometheus text with the HTTP latency histogram, labelled by route template', async () => {
    await call(s, 'GET', '/healthz');
    await call(s, 'GET', `/v1/wallets/${crypto.randomUUID()}`);
    const m = await call(s, 'GET', '/metrics');
    expect(m.status).toBe(200);
    expect(m.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(m.text).toContain('# TYPE yinbao_http_request_duration_seconds histogram');
    expect(m.text).toMatch(/yinbao_http_request_duration_seconds_bucket\{[^}]*route="\/healthz"[^}]*\} \d+/);
    // Route templates, not raw URLs (ids would explode the label cardinality).
    expect(m.text).toMatch(/route="\/v1\/wallets\/:walletId"/);
    expect(m.text).not.toMatch(/route="\/v1\/wallets\/[0-9a-f]{8}-/);
  });

  it('/openapi.json is OpenAPI 3.1 and lists /v1/transfers', async () => {
    const r = await call(s, 'GET', '/openapi.json');
    expect(r.status).toBe(200);
    const doc = await openApiDocument(s);
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.paths['/v1/transfers']?.post).toBeDefined();
    expect(doc.paths['/v1/transfers'].post.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['to', 'amount']),
    );
    expect(doc.components.securitySchemes.session).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(r.json).toEqual(doc);
  });

  it('no token or password ever reaches the logs', async () => {
    expect(logLines.length).toBeGreaterThan(0);
    expect(secrets.size).toBeGreaterThan(5);
    const all = logLines.join('\n');
    for (const secret of secrets)
      expect(all.includes(secret), `log contains ${secret.slice(0, 8)}…`).toBe(false);
  });
});
