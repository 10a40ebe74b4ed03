import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  fillPath,
  type HttpResult,
  type Operation,
  opLabel,
  PUBLIC_OPERATIONS,
  resourceOf,
  sample,
} from '../../../../../test/helpers/api.ts';
import {
  type Caller,
  callersOf,
  type Expectation,
  enumerationQuery,
  expectationOf,
  neighbour,
  requiredQuery,
} from './callers.ts';
import { buildWorld, type World } from './fixtures.ts';
import { expectNoLeak, expectNoSecretsInLogs, expectSameAsAbsent, Matrix, RefusalBodies } from './matrix.ts';

/**
 * Every kind of caller against A's objects, on every endpoint of the OpenAPI document (a new endpoint
 * is covered without editing this file): customer B, D (cashier of another shop), another shop's API
 * key, each staff role and no credential. A foreign object answers exactly like an absent or guessed
 * one; a credential of the wrong kind is 401 UNAUTHENTICATED and a role without the permission 403
 * FORBIDDEN, each with one body; staff routes that show customer data to the right role are "allowed
 * by role" cells. Nothing anyone tried changes what A sees.
 */
let w: World;
let callers: Caller[];
const matrix = new Matrix('callers');
const refusals = new RefusalBodies();

beforeAll(async () => {
  w = await buildWorld('1862');
  callers = callersOf(w);
});
afterAll(async () => {
  matrix.print();
  await w?.s.stop();
});

const secured = () => w.ops.filter((o) => !PUBLIC_OPERATIONS.has(opLabel(o)));
const bodyOf = (o: Operation) => (o.bodySchema ? sample(o.bodySchema) : undefined);
const idsOf = (o: Operation, pick: (p: string) => string) => o.pathParams.map(pick);
const aId = (o: Operation) => (p: string) => w.owned[resourceOf(o.path, p)]!;
const pathWith = (o: Operation, ids: string[]) => fillPath(o.path, (p) => ids[o.pathParams.indexOf(p)]!);
/** Staff logout ends the caller's own session (and nothing of A's): checked in staff-access.test.ts. */
const ENDS_OWN_SESSION = new Set(['POST /v1/staff/auth/logout']);

async function send(o: Operation, c: Caller, path: string): Promise<HttpResult> {
  return call(w.s, o.method, path, { token: c.token, body: bodyOf(o), idempotencyKey: randomUUID() });
}

/** What A (or A's shop's key) sees on every GET naming A's objects: the state nobody else may change. */
async function aView(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const o of w.ops.filter(
    (x) => x.method === 'GET' && (x.audience === 'customer' || x.audience === 'merchant'),
  )) {
    const token = o.audience === 'merchant' ? w.merchantKey : w.A.token;
    const r = await call(w.s, 'GET', pathWith(o, idsOf(o, aId(o))), { token });
    out[opLabel(o)] = `${r.status} ${r.text}`;
  }
  return out;
}

async function check(o: Operation, c: Caller, e: Expectation): Promise<void> {
  const label = `${opLabel(o)} as ${c.name}`;
  const aIds = idsOf(o, aId(o));
  const absentIds = o.pathParams.map(() => randomUUID());
  if (e === 'unauthenticated' || e === 'forbidden') {
    const status = e === 'unauthenticated' ? 401 : 403;
    const code = e === 'unauthenticated' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
    const foreign = await send(o, c, pathWith(o, aIds));
    expect([foreign.status, foreign.json?.code], `${label}: ${foreign.text}`).toEqual([status, code]);
    refusals.check(label, foreign);
    if (o.pathParams.length > 0) {
      const absent = await send(o, c, pathWith(o, absentIds));
      expectSameAsAbsent(label, { r: foreign, ids: aIds }, { r: absent, ids: absentIds });
      matrix.mark(opLabel(o), c.name, absent, 'refused');
    }
    matrix.mark(opLabel(o), c.name, foreign, 'refused');
    return;
  }
  if (e === 'role') {
    // Reads name A's objects (the role may see them); changes act on absent ids (the gate is the point).
    const path = pathWith(o, o.method === 'GET' ? aIds : absentIds);
    const r = await send(o, c, path + requiredQuery(w, o));
    expect(r.status, `${label}: ${r.text}`).not.toBe(401);
    expect(r.json?.code, `${label}: ${r.text}`).not.toBe('FORBIDDEN');
    if (o.method === 'GET') expect(r.status, `${label} (allowed by role): ${r.text}`).toBe(200);
    matrix.mark(opLabel(o), c.name, r, 'allowed by role');
    return;
  }
  if (e === 'own') {
    if (o.method !== 'GET') return; // acting on the caller's own account: mass-assignment.test.ts
    const r = await send(o, c, o.path);
    expect(r.status, `${label}: ${r.text}`).toBe(200);
    expectNoLeak(label, r.text, w.secrets);
    matrix.mark(opLabel(o), c.name, r, 'own');
    return;
  }
  // 'object' and 'capability': A's ids must answer like absent ones (a capability URL only for absent ids).
  const absent = await send(o, c, pathWith(o, absentIds));
  expect(absent.status, `${label} (absent id): ${absent.text}`).toBe(404);
  if (e === 'capability') {
    matrix.mark(opLabel(o), c.name, absent, 'capability');
    return;
  }
  const foreign = await send(o, c, pathWith(o, aIds));
  const guessedIds = aIds.map(neighbour);
  const guessed = await send(o, c, pathWith(o, guessedIds));
  expectSameAsAbsent(label, { r: foreign, ids: aIds }, { r: absent, ids: absentIds });
  expectSameAsAbsent(`${label} (guessed id)`, { r: guessed, ids: guessedIds }, { r: absent, ids: absentIds });
  expectNoLeak(label, foreign.text, w.secrets, aIds);
  matrix.mark(opLabel(o), c.name, foreign, 'refused');
  matrix.mark(opLabel(o), c.name, guessed, 'refused');
}

describe('every caller against A', () => {
  it("every path parameter of every endpoint has an object of A's to try", () => {
    const uncovered = secured().flatMap((o) =>
      o.pathParams.filter((p) => !w.owned[resourceOf(o.path, p)]).map((p) => `${opLabel(o)} {${p}}`),
    );
    expect(uncovered, "path parameters with no object of A's (add one in fixtures.ts)").toEqual([]);
  });

  it("A and A's shop reach their own objects (so a refusal below means something)", async () => {
    for (const o of secured().filter((x) => x.method === 'GET' && x.pathParams.length > 0)) {
      if (o.audience === 'staff') continue;
      const token = o.audience === 'merchant' ? w.merchantKey : w.A.token;
      const r = await call(w.s, 'GET', pathWith(o, idsOf(o, aId(o))), { token });
      expect(r.status, `${opLabel(o)} as its owner: ${r.text}`).toBe(200);
      matrix.mark(opLabel(o), 'A / A shop key (owner)', r, 'owner');
    }
  });

  it("refused everywhere that is not the caller's, with the same answer as an absent or guessed id", async () => {
    const before = await aView();
    let checked = 0;
    for (const o of secured()) {
      for (const c of callers) {
        if (c.kind === 'staff' && ENDS_OWN_SESSION.has(opLabel(o))) continue;
        await check(o, c, expectationOf(w, o, c));
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(secured().length * callers.length - ROLESLESS);
    expect(refusals.reasons, 'one body for 401 UNAUTHENTICATED and one for 403 FORBIDDEN').toBe(2);
    expect(await aView(), "what A sees after everyone else's attempts").toEqual(before);
    // Every staff member still has their session (nothing above signed a caller out).
    for (const c of callers.filter((x) => x.kind === 'staff')) {
      expect((await call(w.s, 'GET', '/v1/staff/me', { token: c.token })).status, c.name).toBe(200);
    }
  });

  it("lists given A's ids, phone, words or cursor in their query show nothing of A's", async () => {
    let checked = 0;
    for (const o of secured().filter((x) => x.method === 'GET' && x.queryParams.length > 0)) {
      const aCursor = await ownerCursor(o);
      for (const c of callers) {
        const e = expectationOf(w, o, c);
        if (e === 'unauthenticated' || e === 'role') continue; // the gate, or the role's own right
        // Inside the caller's own collection when it has one, else inside A's.
        const ids = idsOf(o, (p) => c.own[resourceOf(o.path, p)] ?? w.owned[resourceOf(o.path, p)]!);
        const path = pathWith(o, ids);
        for (const cursor of [undefined, aCursor].filter((x, i) => i === 0 || x)) {
          const qa = enumerationQuery(w, o, 'A', cursor);
          const qx = enumerationQuery(w, o, 'absent');
          if (!qa || !qx) continue;
          const label = `${opLabel(o)}?${qa} as ${c.name}`;
          const withA = await call(w.s, 'GET', `${path}?${qa}`, { token: c.token });
          const withAbsent = await call(w.s, 'GET', `${path}?${qx}`, { token: c.token });
          expectNoLeak(label, withA.text, w.secrets, [
            ...ids.filter((i) => Object.values(c.own).includes(i)),
          ]);
          if (cursor === undefined) {
            expectSameAsAbsent(
              label,
              { r: withA, ids: [...qa.values()] },
              { r: withAbsent, ids: [...qx.values()] },
            );
          } else {
            // A's real cursor: a position in time, not an object; the caller still sees only its own.
            expect([200, 400, 404], `${label}: ${withA.text}`).toContain(withA.status);
          }
          matrix.mark(`${opLabel(o)} (query)`, c.name, withA, e === 'forbidden' ? 'refused' : 'own');
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(20);
  });
});

/** Staff callers skip the routes that would end their own session. */
const ROLESLESS = 5;

/** A's own next-page cursor on a list (limit 1), when A (or A's shop's key) has one. */
async function ownerCursor(o: Operation): Promise<string | undefined> {
  if (o.audience === 'staff' || !o.queryParams.some((q) => q.name === 'cursor')) return undefined;
  const token = o.audience === 'merchant' ? w.merchantKey : w.A.token;
  const r = await call(w.s, 'GET', `${pathWith(o, idsOf(o, aId(o)))}?limit=1`, { token });
  return typeof r.json?.nextCursor === 'string' ? r.json.nextCursor : undefined;
}

describe('secrets in logs', () => {
  it("the suite's server logs hold no password, token, key, secret or card number", () => {
    expect(expectNoSecretsInLogs(w)).toBe(0);
  });
});
