import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  fillPath,
  type Operation,
  operations,
  opLabel,
  PUBLIC_OPERATIONS,
  phoneSource,
  sample,
} from '../../../../test/helpers/api.ts';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.ts';
import { type StaffUser, staffWithRoles } from '../../../../test/helpers/staff.ts';
import { PERMISSIONS, ROLES } from '../modules/staff/index.ts';
import { routePermissions } from '../platform/http/auth.ts';

/**
 * The staff permission matrix, derived from the route table (every back-office endpoint in the
 * OpenAPI document and the permission its route declares): each role is let through exactly where
 * roles.ts says, refused with 403 FORBIDDEN elsewhere; customers, missing and enrolment-only
 * sessions get 401. A new staff endpoint is covered without editing this file.
 */
let s: TestServer;
let ops: Operation[];
const byRole = {} as Record<(typeof ROLES)[number], StaffUser>;
let customerToken: string;
let customerId: string;
const matrix: Record<string, Record<string, number>> = {};

beforeAll(async () => {
  s = await startTestServer({ background: false });
  ops = (await operations(s)).filter((o) => o.audience === 'staff');
  for (const r of ROLES) byRole[r] = await staffWithRoles(s, [r]);
  const c = await call(s, 'POST', '/v1/auth/signup', {
    body: { phone: phoneSource('1990')(), password: 'correct horse battery' },
  });
  customerToken = c.json.session.token;
  customerId = c.json.customer.id;
});
afterAll(async () => {
  if (Object.keys(matrix).length > 0) console.table(matrix);
  await s?.stop();
});

// A route may change state (e.g. disable a staff member): each caller acts on fresh random ids,
// so a "let through" shows up as a 2xx or a 404/409/400 from the service, never 401/403.
const pathOf = (o: Operation) => fillPath(o.path, (p) => (p === 'customerId' ? customerId : randomUUID()));
const bodyOf = (o: Operation) => (o.bodySchema ? sample(o.bodySchema) : undefined);

describe('staff permission matrix', () => {
  it('every staff route declares a permission that roles.ts knows', () => {
    const table = routePermissions(s.app);
    expect(ops.length).toBeGreaterThanOrEqual(12);
    for (const o of ops) {
      if (
        PUBLIC_OPERATIONS.has(opLabel(o)) ||
        o.path === '/v1/staff/auth/totp' ||
        o.path === '/v1/staff/auth/logout'
      )
        continue;
      const key = `${o.method} ${o.path.replace(/\{([^}]+)\}/g, ':$1')}`;
      const p = table.get(key);
      expect(p, `${key} declares no permission`).toBeDefined();
      expect(p === 'self' || p! in PERMISSIONS, `${key}: unknown permission ${p}`).toBe(true);
    }
  });

  it('each role is let through exactly where its permissions allow; customers never', async () => {
    const table = routePermissions(s.app);
    let checked = 0;
    for (const o of ops) {
      const key = `${o.method} ${o.path.replace(/\{([^}]+)\}/g, ':$1')}`;
      const permission = table.get(key);
      if (!permission) continue;
      const label = opLabel(o);
      // Logging out or disabling would end the session the rest of the matrix uses: those routes
      // are checked for refusals only.
      for (const role of ROLES) {
        const allowed =
          permission === 'self' ||
          (PERMISSIONS[permission as keyof typeof PERMISSIONS] as readonly string[]).includes(role);
        const r = await call(s, o.method, pathOf(o), { token: byRole[role].token, body: bodyOf(o) });
        matrix[label] ??= {};
        matrix[label][role] = r.status;
        // Let through the gate: anything but 401 and the gate's 403 FORBIDDEN (a service may still
        // refuse a particular kind of request with its own 403 code).
        if (allowed) {
          expect(r.status, `${label} as ${role}: ${r.text}`).not.toBe(401);
          expect(r.json?.code, `${label} as ${role}: ${r.text}`).not.toBe('FORBIDDEN');
        } else {
          expect(r.status, `${label} as ${role}: ${r.text}`).toBe(403);
          expect(r.json.code).toBe('FORBIDDEN');
        }
        checked++;
      }
      const asCustomer = await call(s, o.method, pathOf(o), { token: customerToken, body: bodyOf(o) });
      matrix[label]!.customer = asCustomer.status;
      expect(asCustomer.status, `${label} with a customer token`).toBe(401);
      const none = await call(s, o.method, pathOf(o), { body: bodyOf(o) });
      matrix[label]!['no token'] = none.status;
      expect(none.status, `${label} without a token`).toBe(401);
    }
    expect(checked).toBeGreaterThanOrEqual(60);
    // Every role still has its session (nothing in the matrix signed anyone out or disabled them).
    for (const role of ROLES) {
      expect((await call(s, 'GET', '/v1/staff/me', { token: byRole[role].token })).status).toBe(200);
    }
  });

  it('an enrolment-only session (authenticator not yet confirmed) does no staff work', async () => {
    const created = await s.staffAuth.create(
      { username: 'half-enrolled', displayName: 'Half', roles: ['admin'], password: 'a long enough pass' },
      null,
    );
    expect(created.ok).toBe(true);
    const login = await call(s, 'POST', '/v1/staff/auth/login', {
      body: { username: 'half-enrolled', password: 'a long enough pass' },
    });
    expect(login.json.kind).toBe('enrolment');
    for (const o of ops.filter((x) =>
      routePermissions(s.app).has(`${x.method} ${x.path.replace(/\{([^}]+)\}/g, ':$1')}`),
    )) {
      const r = await call(s, o.method, pathOf(o), { token: login.json.token, body: bodyOf(o) });
      expect(r.status, opLabel(o)).toBe(401);
    }
  });
});
