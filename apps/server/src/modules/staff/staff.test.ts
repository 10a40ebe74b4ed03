import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type HttpResult, phoneSource } from '../../../../../test/helpers/api.ts';
import { fund, startTestServer, type TestServer } from '../../../../../test/helpers/server.ts';
import { type StaffUser, staffWithRoles } from '../../../../../test/helpers/staff.ts';
import { DEMO_STAFF, demoStaffSecret, seedDemoStaff } from '../../cli/seed-staff.ts';
import { base32Decode, totp } from '../security/totp.ts';

/** Back-office staff: sign-in with a mandatory authenticator, masking, bank freezes, maker–checker. */
let s: TestServer;
const phone = phoneSource('1770');
const PASSWORD = 'correct horse battery';
let operator1: StaffUser;
let operator2: StaffUser;
let support: StaffUser;
let compliance: StaffUser;
let admin: StaffUser;

async function customer(displayName = 'Wang Xiaoming') {
  const p = phone();
  const r = await call(s, 'POST', '/v1/auth/signup', { body: { phone: p, password: PASSWORD, displayName } });
  expect(r.status, r.text).toBe(201);
  return {
    phone: p,
    token: r.json.session.token as string,
    id: r.json.customer.id as string,
    walletId: r.json.customer.walletId as string,
  };
}
const wallet = async (c: { token: string; walletId: string }) =>
  (await call(s, 'GET', `/v1/wallets/${c.walletId}`, { token: c.token })).json;
const balance = async (c: { token: string; walletId: string }) =>
  (await wallet(c))?.balances?.[0]?.available as string;
const as = (u: StaffUser, method: string, path: string, body?: unknown) =>
  call(s, method, path, { token: u.token, body });

beforeAll(async () => {
  s = await startTestServer({ background: false });
  [operator1, operator2, support, compliance, admin] = await Promise.all([
    staffWithRoles(s, ['operator']),
    staffWithRoles(s, ['operator']),
    staffWithRoles(s, ['customer_service']),
    staffWithRoles(s, ['compliance']),
    staffWithRoles(s, ['admin']),
  ]);
});
afterAll(async () => {
  await s?.stop();
});

describe('staff sign-in', () => {
  it('a new staff member gets only an enrolment session until the authenticator is confirmed', async () => {
    const created = await as(admin, 'POST', '/v1/staff/members', {
      username: 'new.hire',
      displayName: 'New Hire',
      roles: ['operator'],
    });
    expect(created.status, created.text).toBe(201);
    const password = created.json.temporaryPassword as string;
    expect(password.length).toBeGreaterThanOrEqual(12);
    const first = await call(s, 'POST', '/v1/staff/auth/login', { body: { username: 'new.hire', password } });
    expect(first.status, first.text).toBe(200);
    expect(first.json.kind).toBe('enrolment');
    // otpauth://…?secret=BASE32&…, shown with a QR code of the same URI
    const secret = base32Decode(new URL(first.json.otpauthUri).searchParams.get('secret')!)!;
    expect(first.json.qrSvg).toContain('<svg');
    // The enrolment session does no staff work.
    expect((await call(s, 'GET', '/v1/staff/me', { token: first.json.token })).status).toBe(401);
    const wrong = await call(s, 'POST', '/v1/staff/auth/totp', {
      token: first.json.token,
      body: { code: '000000' },
    });
    expect(wrong.status).toBe(400);
    const ok = await call(s, 'POST', '/v1/staff/auth/totp', {
      token: first.json.token,
      body: { code: totp(secret, new Date()) },
    });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json.kind).toBe('full');
    const me = await call(s, 'GET', '/v1/staff/me', { token: ok.json.token });
    expect(me.status).toBe(200);
    expect(me.json.roles).toEqual(['operator']);
    // The enrolment session is gone.
    expect(
      (await call(s, 'POST', '/v1/staff/auth/totp', { token: first.json.token, body: { code: '123456' } }))
        .status,
    ).toBe(401);
  });

  it('wrong password, unknown user and wrong code get the same answer; five wrong codes lock the authenticator', async () => {
    const u = await staffWithRoles(s, ['operator']);
    const bodies = new Set<string>();
    const attempts: Array<Record<string, string>> = [
      { username: 'nobody-here', password: 'whatever pass 1', code: '123456' },
      { username: u.username, password: 'wrong password 1', code: totp(u.secret, new Date()) },
    ];
    for (const body of attempts) {
      const r = await call(s, 'POST', '/v1/staff/auth/login', { body });
      expect(r.status).toBe(401);
      bodies.add(r.text);
    }
    for (let i = 0; i < 5; i++) {
      const r = await call(s, 'POST', '/v1/staff/auth/login', {
        body: { username: u.username, password: u.password, code: '000000' },
      });
      expect(r.status).toBe(401);
      bodies.add(r.text);
    }
    expect(bodies.size).toBe(1);
    // Locked: even the right code no longer works, and the lock is audited.
    const next = new Date(Date.now() + 30_000);
    const locked = await call(s, 'POST', '/v1/staff/auth/login', {
      body: { username: u.username, password: u.password, code: totp(u.secret, next) },
    });
    expect(locked.status).toBe(401);
    const { rows } = await s.db.pool.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE event = 'staff.totp_locked' AND subject = $1`,
      [`staff:${u.id}`],
    );
    expect(rows[0].n).toBe(1);
    // An admin resets it: the next sign-in enrols a new authenticator.
    expect((await as(admin, 'POST', `/v1/staff/members/${u.id}/reset-authenticator`)).status).toBe(200);
    const again = await call(s, 'POST', '/v1/staff/auth/login', {
      body: { username: u.username, password: u.password },
    });
    expect(again.json.kind).toBe('enrolment');
  });

  it('customer tokens are refused on staff routes and staff tokens on customer routes', async () => {
    const c = await customer();
    expect((await call(s, 'GET', '/v1/staff/me', { token: c.token })).status).toBe(401);
    expect((await call(s, 'GET', `/v1/staff/customers/${c.id}`, { token: c.token })).status).toBe(401);
    expect((await call(s, 'GET', '/v1/me', { token: admin.token })).status).toBe(401);
  });

  it('disabling an account ends its sessions; nobody changes their own account', async () => {
    const u = await staffWithRoles(s, ['customer_service']);
    expect((await as(u, 'GET', '/v1/staff/me')).status).toBe(200);
    expect((await as(admin, 'PATCH', `/v1/staff/members/${admin.id}`, { status: 'disabled' })).status).toBe(
      400,
    );
    const r = await as(admin, 'PATCH', `/v1/staff/members/${u.id}`, { status: 'disabled' });
    expect(r.status, r.text).toBe(200);
    expect((await as(u, 'GET', '/v1/staff/me')).status).toBe(401);
  });
});

describe('customer support', () => {
  it('shows customers masked; unmasking needs the permission and is audited with the reason', async () => {
    const c = await customer('Li Dawei');
    const found = await call(s, 'GET', `/v1/staff/customers?phone=${c.phone}`, { token: support.token });
    expect(found.status, found.text).toBe(200);
    expect(found.json.id).toBe(c.id);
    expect(found.text).not.toContain(c.phone);
    expect(found.text).not.toContain('Li Dawei');
    expect(
      (await as(support, 'POST', `/v1/staff/customers/${c.id}/unmask`, { reason: 'caller verification' }))
        .status,
    ).toBe(403);
    const un = await as(compliance, 'POST', `/v1/staff/customers/${c.id}/unmask`, {
      reason: 'caller verification',
    });
    expect(un.status, un.text).toBe(200);
    expect(un.json.displayName).toBe('Li Dawei');
    const { rows } = await s.db.pool.query(
      `SELECT actor, data FROM audit_log WHERE event = 'staff.customer_unmasked' AND subject = $1`,
      [`customer:${c.id}`],
    );
    expect(rows).toEqual([
      {
        actor: `staff:${compliance.id}`,
        data: { reason: 'caller verification', fields: ['phone', 'displayName'] },
      },
    ]);
    const absent = await as(support, 'GET', `/v1/staff/customers/${randomUUID()}`);
    expect(absent.status).toBe(404);
  });

  it('a bank freeze blocks payments, cannot be lifted by the customer, and is lifted by maker–checker', async () => {
    const c = await customer();
    const friend = await customer();
    await fund(s, c.walletId, 100_00n);
    const f = await as(support, 'POST', `/v1/staff/customers/${c.id}/freeze`, {
      reason: 'suspected account takeover',
    });
    expect(f.status, f.text).toBe(200);
    const pay = await call(s, 'POST', '/v1/transfers', {
      token: c.token,
      body: { to: { phone: friend.phone }, amount: { amount: '1.00', currency: 'CNY' } },
    });
    expect(pay.status).toBe(403);
    expect(pay.json.code).toBe('WALLET_FROZEN');
    const lift = await call(s, 'POST', '/v1/me/unfreeze/challenge', { token: c.token, body: {} });
    expect(lift.status, lift.text).toBe(409);
    expect(lift.json.code).toBe('WALLET_FROZEN_BY_BANK');

    const proposal = await as(support, 'POST', '/v1/staff/requests', {
      customerId: c.id,
      reason: 'customer verified in branch',
      action: { kind: 'lift_freeze' },
    });
    expect(proposal.status, proposal.text).toBe(201);
    // customer_service may propose but not approve lifting a freeze.
    expect((await as(support, 'POST', `/v1/staff/requests/${proposal.json.id}/approve`, {})).json.code).toBe(
      'ROLE_CANNOT_DECIDE',
    );
    const other = await staffWithRoles(s, ['customer_service']);
    expect((await as(other, 'POST', `/v1/staff/requests/${proposal.json.id}/approve`, {})).json.code).toBe(
      'ROLE_CANNOT_DECIDE',
    );
    const risk = await staffWithRoles(s, ['risk_analyst']);
    const ok = await as(risk, 'POST', `/v1/staff/requests/${proposal.json.id}/approve`, { note: 'checked' });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json.status).toBe('executed');
    const after = await call(s, 'POST', '/v1/transfers', {
      token: c.token,
      body: { to: { phone: friend.phone }, amount: { amount: '1.00', currency: 'CNY' } },
    });
    expect(after.status, after.text).toBe(201);
  });
});

describe('maker–checker freezes', () => {
  const propose = (u: StaffUser, customerId: string) =>
    as(u, 'POST', '/v1/staff/requests', {
      customerId,
      reason: 'suspicious payments reported',
      action: { kind: 'freeze' },
    });

  it('a proposed freeze takes effect only when a second person approves; audited and notified', async () => {
    const c = await customer();
    const p = await propose(operator1, c.id);
    expect(p.status, p.text).toBe(201);
    expect(p.json).toMatchObject({ kind: 'freeze', status: 'pending', proposedBy: operator1.id });
    expect((await wallet(c)).status).toBe('active');
    // The maker cannot approve their own request, whatever their role.
    const own = await as(operator1, 'POST', `/v1/staff/requests/${p.json.id}/approve`, {});
    expect(own.json.code).toBe('ROLE_CANNOT_DECIDE');
    const adminsOwn = await propose(admin, (await customer()).id);
    expect((await as(admin, 'POST', `/v1/staff/requests/${adminsOwn.json.id}/approve`, {})).json.code).toBe(
      'FOUR_EYES_REQUIRED',
    );
    const ok = await as(compliance, 'POST', `/v1/staff/requests/${p.json.id}/approve`, { note: 'agreed' });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json.status).toBe('executed');
    expect(ok.json.result).toEqual({ walletStatus: 'frozen' });
    const w = await wallet(c);
    expect(w.status).toBe('frozen');
    // Same effect as the direct freeze: the customer cannot lift it.
    const lift = await call(s, 'POST', '/v1/me/unfreeze/challenge', { token: c.token, body: {} });
    expect(lift.json.code).toBe('WALLET_FROZEN_BY_BANK');
    const { rows } = await s.db.pool.query(
      `SELECT actor, data FROM audit_log WHERE event = 'wallet.frozen' AND subject = $1`,
      [`wallet:${c.walletId}`],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].actor).toBe(`staff:${compliance.id}`);
    expect(rows[0].data).toMatchObject({ by: 'bank', requestId: p.json.id });
    const outbox = await s.db.pool.query(
      `SELECT count(*)::int AS n FROM outbox_events WHERE topic = 'staff.wallet_frozen' AND payload->'notification'->>'customerId' = $1`,
      [c.id],
    );
    expect(outbox.rows[0].n).toBe(1);
    // Proposing to freeze a wallet the bank already froze is refused.
    expect((await propose(operator1, c.id)).json.code).toBe('WALLET_ALREADY_FROZEN');
  });

  it('roles without the permission can neither propose nor approve a freeze', async () => {
    const c = await customer();
    const kycOnly = await staffWithRoles(s, ['compliance']);
    const p = await propose(support, c.id);
    expect(p.status, p.text).toBe(201);
    // operator and customer_service may propose but not approve.
    for (const u of [operator2, await staffWithRoles(s, ['customer_service'])]) {
      const r = await as(u, 'POST', `/v1/staff/requests/${p.json.id}/approve`, {});
      expect(r.status).toBe(403);
      expect(r.json.code).toBe('ROLE_CANNOT_DECIDE');
      const rej = await as(u, 'POST', `/v1/staff/requests/${p.json.id}/reject`, { note: 'no reason' });
      expect(rej.json.code).toBe('ROLE_CANNOT_DECIDE');
    }
    expect((await wallet(c)).status).toBe('active');
    // compliance decides freezes but does not propose them: refused, nothing written.
    const before = await as(admin, 'GET', `/v1/staff/requests?customerId=${c.id}`);
    const refused = await propose(kycOnly, c.id);
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe('ROLE_CANNOT_PROPOSE');
    const after = await as(admin, 'GET', `/v1/staff/requests?customerId=${c.id}`);
    expect(after.json.items).toHaveLength(before.json.items.length);
  });

  it('concurrent approvals execute the freeze once', async () => {
    const risk = await staffWithRoles(s, ['risk_analyst']);
    for (let round = 0; round < 3; round++) {
      const c = await customer();
      const p = await propose(operator1, c.id);
      const results: HttpResult[] = await Promise.all([
        as(compliance, 'POST', `/v1/staff/requests/${p.json.id}/approve`, {}),
        as(admin, 'POST', `/v1/staff/requests/${p.json.id}/approve`, {}),
        as(risk, 'POST', `/v1/staff/requests/${p.json.id}/approve`, {}),
      ]);
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409).map((r) => r.json.code)).toEqual([
        'REQUEST_ALREADY_DECIDED',
        'REQUEST_ALREADY_DECIDED',
      ]);
      const { rows } = await s.db.pool.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE event = 'wallet.frozen' AND subject = $1`,
        [`wallet:${c.walletId}`],
      );
      expect(rows[0].n).toBe(1);
      expect((await wallet(c)).status).toBe('frozen');
    }
  });

  it('approving a freeze of a wallet frozen in the meantime is harmless', async () => {
    const c = await customer();
    const p = await propose(operator1, c.id);
    const direct = await as(support, 'POST', `/v1/staff/customers/${c.id}/freeze`, {
      reason: 'fraud in progress',
    });
    expect(direct.status, direct.text).toBe(200);
    const ok = await as(admin, 'POST', `/v1/staff/requests/${p.json.id}/approve`, {});
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json.status).toBe('executed');
    expect(ok.json.result).toEqual({ walletStatus: 'frozen', alreadyFrozen: true });
    expect((await wallet(c)).status).toBe('frozen');
    const { rows } = await s.db.pool.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE event = 'wallet.frozen' AND subject = $1`,
      [`wallet:${c.walletId}`],
    );
    expect(rows[0].n).toBe(1);
  });
});

describe('maker–checker balance adjustments', () => {
  it('moves money only after a second operator approves, once, through the adjustment account', async () => {
    const c = await customer();
    const before = await balance(c);
    const p = await as(operator1, 'POST', '/v1/staff/requests', {
      customerId: c.id,
      reason: 'goodwill credit for failed top-up',
      action: { kind: 'adjust_balance', direction: 'credit', amount: { amount: '100.00', currency: 'CNY' } },
    });
    expect(p.status, p.text).toBe(201);
    expect(p.json.status).toBe('pending');
    expect(await balance(c)).toBe(before);
    const own = await as(operator1, 'POST', `/v1/staff/requests/${p.json.id}/approve`, {});
    expect(own.status).toBe(403);
    expect(own.json.code).toBe('FOUR_EYES_REQUIRED');
    expect((await as(support, 'POST', `/v1/staff/requests/${p.json.id}/approve`, {})).json.code).toBe(
      'ROLE_CANNOT_DECIDE',
    );
    const ok = await as(operator2, 'POST', `/v1/staff/requests/${p.json.id}/approve`, {});
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json).toMatchObject({ status: 'executed', decidedBy: operator2.id, proposedBy: operator1.id });
    expect(await balance(c)).toBe('100.00');
    const again = await as(admin, 'POST', `/v1/staff/requests/${p.json.id}/approve`, {});
    expect(again.status).toBe(409);
    expect(await balance(c)).toBe('100.00');
    const history = await call(s, 'GET', `/v1/wallets/${c.walletId}/transactions`, { token: c.token });
    expect(history.json.items[0]).toMatchObject({
      kind: 'adjustment',
      direction: 'in',
      amount: { amount: '100.00' },
    });
    // Audited: proposal, approval, execution, each by its own person.
    const { rows } = await s.db.pool.query(
      `SELECT event, actor FROM audit_log WHERE data->>'requestId' = $1 ORDER BY seq`,
      [p.json.id],
    );
    expect(rows).toEqual([
      { event: 'staff.request_proposed', actor: `staff:${operator1.id}` },
      { event: 'staff.request_approved', actor: `staff:${operator2.id}` },
      { event: 'staff.request_executed', actor: `staff:${operator2.id}` },
    ]);
  });

  it('a debit larger than the balance fails without moving money', async () => {
    const c = await customer();
    await fund(s, c.walletId, 5_00n);
    const p = await as(operator1, 'POST', '/v1/staff/requests', {
      customerId: c.id,
      reason: 'reverse duplicate credit',
      action: { kind: 'adjust_balance', direction: 'debit', amount: { amount: '6.00', currency: 'CNY' } },
    });
    const r = await as(operator2, 'POST', `/v1/staff/requests/${p.json.id}/approve`, {});
    expect(r.json.status).toBe('failed');
    expect(await balance(c)).toBe('5.00');
  });

  it('a concurrent approval and rejection: exactly one decides, money moves at most once', async () => {
    for (let round = 0; round < 5; round++) {
      const c = await customer();
      const p = await as(operator1, 'POST', '/v1/staff/requests', {
        customerId: c.id,
        reason: 'race test',
        action: { kind: 'adjust_balance', direction: 'credit', amount: { amount: '1.00', currency: 'CNY' } },
      });
      const results: HttpResult[] = await Promise.all([
        as(operator2, 'POST', `/v1/staff/requests/${p.json.id}/approve`, {}),
        as(admin, 'POST', `/v1/staff/requests/${p.json.id}/reject`, { note: 'not justified' }),
        as(admin, 'POST', `/v1/staff/requests/${p.json.id}/approve`, {}),
      ]);
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(2);
      const winner = results.find((r) => r.status === 200)!;
      expect(await balance(c)).toBe(winner.json.status === 'executed' ? '1.00' : '0.00');
    }
  });

  it('the database refuses a maker deciding their own request, whatever the code does', async () => {
    const c = await customer();
    const p = await as(operator1, 'POST', '/v1/staff/requests', {
      customerId: c.id,
      reason: 'constraint test',
      action: { kind: 'adjust_balance', direction: 'credit', amount: { amount: '1.00', currency: 'CNY' } },
    });
    await expect(
      s.db.pool.query(
        `UPDATE staff_requests SET status = 'approved', decided_by = proposed_by WHERE id = $1`,
        [p.json.id],
      ),
    ).rejects.toThrow(/four_eyes/);
    // The maker may withdraw it instead.
    const w = await as(operator1, 'POST', `/v1/staff/requests/${p.json.id}/reject`, {
      note: 'typo in amount',
    });
    expect(w.json.status).toBe('withdrawn');
  });

  it('bad proposals are refused and write nothing', async () => {
    const c = await customer();
    const count = async () =>
      (await s.db.pool.query('SELECT count(*)::int AS n FROM staff_requests')).rows[0].n;
    const n = await count();
    for (const action of [
      { kind: 'adjust_balance', direction: 'credit', amount: { amount: '0.00', currency: 'CNY' } },
      { kind: 'adjust_balance', direction: 'credit', amount: { amount: '1.001', currency: 'CNY' } },
      { kind: 'adjust_balance', direction: 'credit', amount: { amount: '1.00', currency: 'USD' } },
      { kind: 'adjust_balance', direction: 'sideways', amount: { amount: '1.00', currency: 'CNY' } },
      { kind: 'lift_freeze' },
      { kind: 'raise_tier', tier: 4 },
      { kind: 'delete_customer' },
    ]) {
      const r = await as(admin, 'POST', '/v1/staff/requests', {
        customerId: c.id,
        reason: 'bad input',
        action,
      });
      expect(r.status, JSON.stringify(action)).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
    }
    expect(
      (
        await as(admin, 'POST', '/v1/staff/requests', {
          customerId: randomUUID(),
          reason: 'nobody',
          action: { kind: 'lift_freeze' },
        })
      ).status,
    ).toBe(404);
    expect(await count()).toBe(n);
  });

  it('raising a tier through maker–checker raises the limits at once', async () => {
    const c = await customer();
    const before = { json: await wallet(c) };
    const p = await as(support, 'POST', '/v1/staff/requests', {
      customerId: c.id,
      reason: 'documents checked in branch',
      action: { kind: 'raise_tier', tier: 2 },
    });
    expect(p.status, p.text).toBe(201);
    const ok = await as(compliance, 'POST', `/v1/staff/requests/${p.json.id}/approve`, {});
    expect(ok.json.status).toBe('executed');
    const after = { json: await wallet(c) };
    expect(after.json.tier).toBe(2);
    expect(after.json.tier).toBeLessThan(before.json.tier);
  });
});

describe('demo staff', () => {
  it('are created once (re-seeding is harmless) and sign in with their printed authenticator secrets', async () => {
    await seedDemoStaff(s.staffAuth);
    await seedDemoStaff(s.staffAuth);
    for (const d of DEMO_STAFF) {
      const r = await call(s, 'POST', '/v1/staff/auth/login', {
        body: {
          username: d.username,
          password: d.password,
          code: totp(demoStaffSecret(d.username), new Date()),
        },
      });
      expect(r.status, r.text).toBe(200);
      expect(r.json.kind).toBe('full');
      expect(r.json.staff.roles).toEqual([...d.roles]);
    }
  });
});

describe('audit viewer', () => {
  it('shows staff actions and verifies the chain; only permitted roles read it', async () => {
    expect((await as(support, 'GET', '/v1/staff/audit')).status).toBe(403);
    const r = await as(compliance, 'GET', '/v1/staff/audit?limit=200');
    expect(r.status, r.text).toBe(200);
    expect(r.json.verification.ok).toBe(true);
    expect(r.json.items.some((i: { actor: string }) => i.actor.startsWith('staff:'))).toBe(true);
    const { rows } = await s.db.pool.query(`SELECT actor FROM audit_log WHERE event = 'staff.audit_viewed'`);
    expect(rows.map((x) => x.actor)).toContain(`staff:${compliance.id}`);
    for (const u of [operator1, operator2, support, compliance, admin]) {
      expect(r.text).not.toContain(u.password);
      expect(r.text).not.toContain(u.token);
    }
  });
});
