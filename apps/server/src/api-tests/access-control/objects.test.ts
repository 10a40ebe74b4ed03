import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  fillPath,
  type HttpResult,
  type Json,
  type Operation,
  opLabel,
  PUBLIC_OPERATIONS,
  phoneSource,
  resourceOf,
  sample,
} from '../../../../../test/helpers/api.ts';
import { buildWorld, signupNamed, type User, type World } from './fixtures.ts';
import { expectNoSecretsInLogs, Matrix, normalise, type Verdict } from './matrix.ts';

/**
 * Object-level access control, driven by the OpenAPI document so new endpoints are covered without
 * editing this file: customer B using customer A's ids gets exactly the answer a missing id gets,
 * learns nothing about A, and changes nothing; every non-public endpoint refuses a missing, bogus,
 * revoked or expired session with 401 UNAUTHENTICATED. (callers.test.ts puts every other kind of
 * caller in B's place.)
 */
let w: World;
let s: World['s'];
let A: User;
let B: User;
let ops: Operation[];
let owned: Record<string, string>;
let secrets: string[];
const matrix = new Matrix('objects');
const phone = phoneSource('1861');

const mark = (op: string, caller: string, r: HttpResult | number, verdict?: Verdict) =>
  matrix.mark(
    op,
    caller,
    r,
    verdict ?? (caller.startsWith('A') ? 'owner' : caller.includes('own') ? 'own' : 'refused'),
  );

const signupFresh = () => signupNamed(s, phone());

const has = (path: string) => (method: string) => ops.some((o) => o.method === method && o.path === path);

beforeAll(async () => {
  w = await buildWorld('1860');
  ({ s, A, B, ops, owned, secrets } = w);
});

afterAll(async () => {
  matrix.print();
  await s?.stop();
});

/**
 * Capability URLs: the hosted checkout page. Whoever is signed in and holds the link may see and pay
 * the order (its id is random, uuid v4), so B reading it is by design; a missing id is still 404.
 */
const CAPABILITY_PATHS = new Set(['/v1/checkout/{orderId}', '/v1/checkout/{orderId}/pay']);
/** Kinds of `owned` that name one object under two paths (not type confusion). */
const SAME_OBJECT: Record<string, string> = { checkout: 'orders', orders: 'checkout' };
const protectedOps = () => ops.filter((o) => !PUBLIC_OPERATIONS.has(opLabel(o)));
/** Customer endpoints (staff endpoints have their own matrix: staff-access.test.ts). */
const customerOps = () => protectedOps().filter((o) => o.audience === 'customer');
const bodyFor = (op: Operation) => (op.bodySchema ? sample(op.bodySchema) : undefined);

describe('object-level access control (every documented path with a parameter)', () => {
  it('the fixture covers every collection that has a path parameter', () => {
    const withParams = customerOps().filter((o) => o.pathParams.length > 0);
    expect(withParams.length).toBeGreaterThanOrEqual(4);
    const uncovered = withParams.flatMap((o) =>
      o.pathParams.filter((p) => !owned[resourceOf(o.path, p)]).map((p) => `${opLabel(o)} {${p}}`),
    );
    // A new collection needs an object of A's in beforeAll (see createCardObjects).
    expect(uncovered, 'path parameters with no object of A to substitute').toEqual([]);
  });

  it("B using A's ids gets the same answer as for a missing id, learns nothing and changes nothing", async () => {
    const withParams = customerOps().filter((o) => o.pathParams.length > 0 && !CAPABILITY_PATHS.has(o.path));
    const gets = customerOps().filter((o) => o.method === 'GET');
    const aPath = (o: Operation) => fillPath(o.path, (p) => owned[resourceOf(o.path, p)] ?? randomUUID());

    // What A sees before B tries anything; A's own ids resolve (so a 404 below means something).
    const snapshot = async () => {
      const out: Record<string, string> = {};
      for (const o of gets) {
        const r = await call(s, 'GET', aPath(o), { token: A.token });
        out[opLabel(o)] = `${r.status} ${r.text}`;
        if (o.pathParams.length > 0) {
          mark(opLabel(o), 'A (owner)', r);
          expect(r.status, `A reading their own ${opLabel(o)}: ${r.text}`).toBe(200);
        }
      }
      return out;
    };
    const before = await snapshot();

    for (const o of withParams) {
      const label = opLabel(o);
      const aIds = o.pathParams.map((p) => owned[resourceOf(o.path, p)]!);
      const fakeIds = o.pathParams.map(() => randomUUID());
      const body = bodyFor(o);
      const asB = await call(s, o.method, aPath(o), { token: B.token, body });
      const missing = await call(
        s,
        o.method,
        fillPath(o.path, (p) => fakeIds[o.pathParams.indexOf(p)]!),
        {
          token: B.token,
          body,
        },
      );
      mark(label, "B (A's id)", asB);
      mark(label, 'B (missing id)', missing);
      expect(asB.status, `${label} as B: ${asB.text}`).toBe(404);
      expect(asB.status, label).toBe(missing.status);
      expect(normalise(asB.text, aIds), `${label}: body differs from a missing id's`).toBe(
        normalise(missing.text, fakeIds),
      );
      expect(asB.headers.get('content-type'), label).toBe(missing.headers.get('content-type'));
      const echoedRemoved = normalise(asB.text, aIds);
      for (const secret of secrets) expect(echoedRemoved, `${label} leaks ${secret}`).not.toContain(secret);
    }

    // B's own lists and profile show nothing of A.
    for (const o of gets.filter((g) => g.pathParams.length === 0)) {
      const r = await call(s, 'GET', o.path, { token: B.token });
      mark(opLabel(o), 'B (own list)', r);
      expect(r.status, `${opLabel(o)} as B: ${r.text}`).toBe(200);
      for (const secret of secrets)
        expect(r.text, `${opLabel(o)} as B leaks ${secret}`).not.toContain(secret);
    }

    // Nothing B did changed anything A can see (e.g. the notification is still unread).
    expect(await snapshot()).toEqual(before);

    // Non-GET calls on A's own ids are recognised for A (so B's 404 was not a generic failure).
    for (const o of withParams.filter((x) => x.method !== 'GET')) {
      const r = await call(s, o.method, aPath(o), { token: A.token, body: bodyFor(o) });
      mark(opLabel(o), 'A (owner)', r);
      expect(r.status, `${opLabel(o)} as A: ${r.text}`).not.toBe(404);
    }
  });

  it("A's id of one kind of object is not found as another kind (no type confusion)", async () => {
    const gets = customerOps().filter((o) => o.method === 'GET' && o.pathParams.length === 1);
    let checked = 0;
    for (const o of gets) {
      const mine = resourceOf(o.path, o.pathParams[0]!);
      for (const [kind, id] of Object.entries(owned)) {
        if (kind === mine || SAME_OBJECT[mine] === kind) continue;
        const r = await call(
          s,
          'GET',
          fillPath(o.path, () => id),
          { token: A.token },
        );
        expect(r.status, `${opLabel(o)} with A's ${kind} id: ${r.text}`).toBe(404);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(6);
  });

  it('capability URLs (the hosted checkout page): a missing id is 404 for anyone', async () => {
    for (const o of customerOps().filter((x) => CAPABILITY_PATHS.has(x.path))) {
      const r = await call(
        s,
        o.method,
        fillPath(o.path, () => randomUUID()),
        { token: B.token, body: bodyFor(o) },
      );
      mark(opLabel(o), 'B (missing id)', r);
      expect(r.status, `${opLabel(o)}: ${r.text}`).toBe(404);
    }
  });

  it("B cannot mark A's notification read; A can", async () => {
    const readAt = async () =>
      (await call(s, 'GET', '/v1/notifications', { token: A.token })).json.items.find(
        (n: Json) => n.id === owned.notifications,
      ).readAt;
    const initially = await readAt();
    const r = await call(s, 'POST', `/v1/notifications/${owned.notifications}/read`, { token: B.token });
    expect(r.status).toBe(404);
    expect(await readAt()).toBe(initially);
    const mine = await call(s, 'POST', `/v1/notifications/${owned.notifications}/read`, { token: A.token });
    expect(mine.status).toBe(200);
    expect(await readAt()).toEqual(expect.any(String));
  });
});

describe('authentication on every documented endpoint', () => {
  it('every non-public endpoint answers 401 UNAUTHENTICATED without a token, with a bogus, revoked or expired one', async () => {
    const revoked = await signupFresh();
    const expired = await signupFresh();
    for (const u of [revoked, expired]) {
      expect((await call(s, 'GET', '/v1/me', { token: u.token })).status).toBe(200);
    }
    expect((await call(s, 'POST', '/v1/auth/logout', { token: revoked.token })).status).toBe(200);
    await s.db.pool.query(
      `UPDATE sessions SET expires_at = now() - interval '1 second' WHERE customer_id = $1`,
      [expired.customerId],
    );

    const callers: Array<[string, Record<string, string>]> = [
      ['no token', {}],
      ['bogus token', { authorization: 'Bearer ybs_this-is-not-a-real-session-token-000000' }],
      ['short token', { authorization: 'Bearer x' }],
      ['not Bearer', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
      ['token without scheme', { authorization: B.token }],
      ['revoked token', { authorization: `Bearer ${revoked.token}` }],
      ['expired token', { authorization: `Bearer ${expired.token}` }],
    ];
    const protectedList = protectedOps();
    expect(protectedList.length).toBeGreaterThanOrEqual(7);
    let reference: string | undefined;
    for (const o of protectedList) {
      const label = opLabel(o);
      const path = fillPath(o.path, (p) => owned[resourceOf(o.path, p)] ?? randomUUID());
      for (const [who, headers] of callers) {
        const r = await call(s, o.method, path, { headers, body: bodyFor(o) });
        mark(label, who, r);
        expect(r.status, `${label} (${who}): ${r.text}`).toBe(401);
        expect(r.json?.code, `${label} (${who})`).toBe('UNAUTHENTICATED');
        reference ??= r.text;
        expect(r.text, `${label} (${who}): same body everywhere`).toBe(reference);
      }
      // The OpenAPI document says so too.
      expect(o.secured, `${label} needs a session but declares no security in the OpenAPI document`).toBe(
        true,
      );
    }
    // The revoked and expired sessions still exist in the table (it is the check that refuses them).
    const { rows } = await s.db.pool.query(
      'SELECT count(*)::int AS n FROM sessions WHERE customer_id = ANY($1)',
      [[revoked.customerId, expired.customerId]],
    );
    expect(rows[0].n).toBe(2);
  });

  it('public endpoints do not ask for a session', async () => {
    for (const o of ops.filter((x) => PUBLIC_OPERATIONS.has(opLabel(x)))) {
      expect(o.secured, `${opLabel(o)} is public but declares security`).toBe(false);
      const r = await call(s, o.method, o.path, { body: {} });
      mark(opLabel(o), 'no token', r, 'public');
      expect(r.json?.code, opLabel(o)).not.toBe('UNAUTHENTICATED');
    }
    expect(has('/v1/auth/signup')('POST')).toBe(true);
    expect(has('/v1/auth/login')('POST')).toBe(true);
    for (const path of ['/healthz', '/readyz', '/metrics', '/openapi.json', '/docs/json', '/docs/']) {
      const r = await call(s, 'GET', path);
      mark(`GET ${path}`, 'no token', r, 'public');
      expect(r.status, `${path}: ${r.text.slice(0, 200)}`).toBe(200);
    }
  });
});

describe('secrets in logs', () => {
  it("the suite's server logs hold no password, token, key, secret or card number", () => {
    expect(expectNoSecretsInLogs(w)).toBe(0);
  });
});
