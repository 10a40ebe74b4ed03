import { randomUUID } from 'node:crypto';
import { type Operation, sample } from '../../../../../test/helpers/api.ts';
import { PERMISSIONS, ROLES, type Role } from '../../modules/staff/index.ts';
import { routePermissions } from '../../platform/http/auth.ts';
import type { World } from './fixtures.ts';

/**
 * Who tries A's objects, and what each may expect on each endpoint: derived from the endpoint's
 * audience in the OpenAPI document and, for staff routes, the permission its route declares.
 */
export type Caller = {
  name: string;
  kind: 'customer' | 'merchant' | 'staff' | 'none';
  token?: string;
  role?: Role;
  /** The caller's own object ids by collection (to enumerate from inside its own lists). */
  own: Record<string, string>;
};

export function callersOf(w: World): Caller[] {
  return [
    {
      name: 'B (customer)',
      kind: 'customer',
      token: w.B.token,
      own: { wallets: w.B.walletId, merchants: w.other.merchantId },
    },
    { name: 'D (cashier, other shop)', kind: 'customer', token: w.D.token, own: { wallets: w.D.walletId } },
    { name: 'other shop API key', kind: 'merchant', token: w.other.key, own: {} },
    ...ROLES.map(
      (role): Caller => ({ name: `staff ${role}`, kind: 'staff', token: w.staff[role].token, role, own: {} }),
    ),
    { name: 'no token', kind: 'none', own: {} },
  ];
}

/**
 * - unauthenticated: the caller's credential is not the kind the route takes (401);
 * - forbidden: a staff role the route's permission does not grant (403 FORBIDDEN);
 * - role: a staff role the permission grants ("allowed by role");
 * - object: a path naming objects, which must be the caller's own (A's → as if absent);
 * - own: a route about the caller itself (its own lists, profile);
 * - capability: a URL whose random id is the capability (the hosted checkout page).
 */
export type Expectation = 'unauthenticated' | 'forbidden' | 'role' | 'object' | 'own' | 'capability';

/** Capability URLs: whoever is signed in and holds the link may see and pay the order (by design). */
export const CAPABILITY_PATHS = new Set(['/v1/checkout/{orderId}', '/v1/checkout/{orderId}/pay']);

export const routeKey = (o: Operation) => `${o.method} ${o.path.replace(/\{([^}]+)\}/g, ':$1')}`;

export function expectationOf(w: World, o: Operation, c: Caller): Expectation {
  if (c.kind !== o.audience) return 'unauthenticated';
  if (o.audience === 'staff') {
    const permission = routePermissions(w.s.app).get(routeKey(o));
    if (permission === undefined || permission === 'self') return 'role';
    const roles = PERMISSIONS[permission as keyof typeof PERMISSIONS] as readonly string[];
    return roles.includes(c.role!) ? 'role' : 'forbidden';
  }
  if (CAPABILITY_PATHS.has(o.path)) return 'capability';
  return o.pathParams.length > 0 ? 'object' : 'own';
}

/** A guessed neighbour of an id (its last hex digit moved on by one): what an enumerator tries next. */
export function neighbour(id: string): string {
  const last = Number.parseInt(id.slice(-1), 16);
  return Number.isNaN(last) ? `${id}0` : id.slice(0, -1) + ((last + 1) % 16).toString(16);
}

/**
 * Query parameters that name someone's objects, with A's value or an absent one of the same shape
 * (a cursor's absent twin is its neighbour: a position as close as a guess gets).
 */
export function enumerationQuery(
  w: World,
  o: Operation,
  source: 'A' | 'absent',
  aCursor?: string,
): URLSearchParams | undefined {
  const a: Record<string, string | undefined> = {
    customerId: w.A.customerId,
    subject: w.A.customerId,
    walletId: w.A.walletId,
    merchantId: w.owned.merchants,
    phone: w.A.phone,
    q: 'secret lunch',
    cursor: aCursor ?? w.owned.notifications,
  };
  const q = new URLSearchParams();
  for (const p of o.queryParams) {
    const value = a[p.name];
    if (value === undefined) continue;
    const fake: Record<string, string> = {
      phone: '13999999999',
      q: 'nobody said this',
      cursor: neighbour(value),
    };
    q.set(p.name, source === 'A' ? value : (fake[p.name] ?? randomUUID()));
  }
  return q.size > 0 ? q : undefined;
}

/** The required query parameters of a route, filled with A's values (or samples of their schema). */
export function requiredQuery(w: World, o: Operation): string {
  const all = enumerationQuery(w, o, 'A');
  const q = new URLSearchParams();
  for (const p of o.queryParams.filter((x) => x.required)) {
    q.set(p.name, all?.get(p.name) ?? String(sample(p.schema, {}, p.name)));
  }
  return q.size > 0 ? `?${q}` : '';
}
