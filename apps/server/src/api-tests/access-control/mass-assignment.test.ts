import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  fillPath,
  type Json,
  type Operation,
  opLabel,
  resourceOf,
  sample,
  schemaAt,
} from '../../../../../test/helpers/api.ts';
import { signup } from '../../../../../test/helpers/server.ts';
import { staffWithRoles } from '../../../../../test/helpers/staff.ts';
import { SoftAuthenticator } from '../../../../../test/helpers/webauthn.ts';
import { buildWorld, PASSWORD, type World } from './fixtures.ts';
import { inject, protectedFields, Snapshots, sentinelStrings, stuckInResponse } from './mass-assignment.ts';
import { expectNoSecretsInLogs, Matrix } from './matrix.ts';

/**
 * Mass assignment on every POST/PUT/PATCH of the OpenAPI document: the protected fields (balance,
 * status, tier, limits, role(s), scopes, KYC level, verified, owner/customer/wallet/merchant ids, id,
 * createdAt, MDR) are added to a valid body, at the top level and inside each nested object, wherever
 * the schema does not take them as input. Each request is refused (400) or the fields are ignored:
 * no row the request wrote carries a sentinel value, and neither does its answer.
 */
let w: World;
let snapshots: Snapshots;
let fields: Record<string, Json>;
const matrix = new Matrix('mass assignment');
/** Routes that lock what the rest uses run late; those that end the caller's credential, last. */
const LATE = /freeze|revoke-kyc|reject|disable|reset|cancel|rotate|unmask/;
const ENDS_CREDENTIAL = /logout|api-keys\/\{keyId\}/;
const rank = (o: Operation) => (ENDS_CREDENTIAL.test(o.path) ? 2 : LATE.test(o.path) ? 1 : 0);

beforeAll(async () => {
  w = await buildWorld('1863');
  const bystander = await signup(w.s, '18639999999');
  fields = protectedFields(w, bystander);
  snapshots = new Snapshots(w.s.db.url);
  await snapshots.open();
});
afterAll(async () => {
  matrix.print();
  await snapshots?.close();
  await w?.s.stop();
});

let phoneSeq = 0;
/** A valid body for the route (samples, with the world's objects where a name calls for one). */
async function validBody(o: Operation): Promise<Json> {
  if (o.path === '/v1/me/passkeys/registration') {
    // A real registration (its options first), so that the extra fields meet a request that succeeds.
    const options = await call(w.s, 'POST', '/v1/me/passkeys/registration/options', {
      token: w.A.token,
      body: { password: PASSWORD },
    });
    return new SoftAuthenticator(w.s.config.webauthn.origins[0]!, w.s.config.webauthn.rpId).create(
      options.json,
    );
  }
  const amountSchema = schemaAt(o.bodySchema, ['amount']);
  const amount = amountSchema?.type === 'object' ? { amount: '1.00', currency: 'CNY' } : '1.00';
  const byName: Record<string, unknown> = { cardId: w.owned.cards, amount, customerId: w.A.customerId };
  if (o.path === '/v1/auth/signup') byName.phone = `1863${String(++phoneSeq).padStart(7, '0')}`;
  if (o.path === '/v1/transfers') byName.to = { phone: w.C.phone };
  if (o.path.startsWith('/v1/auth/login')) byName.phone = w.A.phone;
  if (o.path.endsWith('/users')) byName.phone = w.B.phone;
  return o.bodySchema ? sample(o.bodySchema, { byName }) : {};
}

const CALLER: Record<Operation['audience'], string> = {
  customer: 'A',
  merchant: "A's shop API key",
  staff: 'staff admin',
  public: 'no token',
};

function callerOf(o: Operation): string | undefined {
  if (o.audience === 'customer') return w.A.token;
  if (o.audience === 'merchant') return w.merchantKey;
  if (o.audience === 'staff') return w.staff.admin.token;
  return undefined;
}

describe('mass assignment of protected fields', () => {
  it('every protected field on every write is refused (400) or ignored, never stored or echoed', async () => {
    const writes = w.ops
      .filter((o) => ['POST', 'PUT', 'PATCH'].includes(o.method))
      .sort((a, b) => rank(a) - rank(b));
    expect(writes.length).toBeGreaterThanOrEqual(40);
    const outcomes: Record<string, number> = {};
    let writtenByAccepted = 0;
    for (const o of writes) {
      const label = opLabel(o);
      const { body, added, keys } = inject(await validBody(o), o.bodySchema, fields);
      const path = fillPath(o.path, (p) => w.owned[resourceOf(o.path, p)] ?? randomUUID());
      // A fresh session signs out, not A's.
      const token =
        o.path === '/v1/auth/logout'
          ? (await call(w.s, 'POST', '/v1/auth/login', { body: { phone: w.A.phone, password: PASSWORD } }))
              .json.token
          : o.path === '/v1/staff/auth/logout'
            ? (await staffWithRoles(w.s, ['operator'])).token
            : callerOf(o);
      const before = await snapshots.take();
      const r = await call(w.s, o.method, path, { token, body, idempotencyKey: randomUUID() });
      const after = await snapshots.take();
      // This server has no SMS gateway: texting a code is 503 SMS_UNAVAILABLE by design.
      if (r.json?.code !== 'SMS_UNAVAILABLE')
        expect(r.status, `${label} with protected fields: ${r.text}`).toBeLessThan(500);
      const { written, stuck } = Snapshots.stuck(before, after, sentinelStrings(fields));
      expect(stuck, `${label}: protected fields stored`).toEqual([]);
      if (r.status === 400 && o.bodySchema?.additionalProperties === false) {
        // A strict schema refuses the protected fields themselves: the validation error names each.
        expect(r.json?.code, `${label}: ${r.text}`).toBe('VALIDATION_ERROR');
        const named = JSON.stringify(r.json.details);
        for (const k of keys) expect(named, `${label}: ${k}`).toContain(`\\"${k}\\"`);
      }
      if (r.status < 300) expect(stuckInResponse(r.json, fields), `${label}: answer echoes them`).toEqual([]);
      const outcome =
        r.status === 400 ? 'refused' : r.status < 300 ? 'ignored' : `not done (${r.status} ${r.json?.code})`;
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      // One cell per protected field sent (each was refused with the request, or ignored by it).
      const column = CALLER[o.audience];
      for (let i = 0; i < added; i++)
        matrix.mark(
          `${label} (${added} fields)`,
          column,
          r,
          r.json?.code === 'VALIDATION_ERROR' ? 'refused' : r.status < 300 ? 'ignored' : 'not done',
        );
      if (r.status < 300) writtenByAccepted += written;
    }
    console.log('MASS ASSIGNMENT outcomes by request:', outcomes);
    // The accepted requests wrote rows (a payment code, a passkey, …): the snapshots saw them.
    expect(writtenByAccepted).toBeGreaterThan(0);
  });

  it('the probe finds a protected value that did stick', async () => {
    const before = await snapshots.take();
    // As the database owner (the application role may not write this table directly).
    const owner = new pg.Client({ connectionString: w.s.db.url });
    await owner.connect();
    await owner.query('UPDATE wallets SET tier = 9 WHERE id = $1', [w.B.walletId]);
    await owner.end();
    const found = Snapshots.stuck(before, await snapshots.take(), sentinelStrings(fields));
    expect(found.stuck).toHaveLength(1);
    expect(found.stuck[0]).toMatch(/^wallets: /);
  });
});

describe('secrets in logs', () => {
  it("the suite's server logs hold no password, token, key, secret or card number", () => {
    expect(expectNoSecretsInLogs(w)).toBe(0);
  });
});
