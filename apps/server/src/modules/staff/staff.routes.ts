import { z } from 'zod';
import { audit, verifyAuditLog } from '../../platform/audit.ts';
import { failureToHttp } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { ZText } from '../../platform/http/text.ts';
import type { Approvals } from './approvals.service.ts';
import { ROLES } from './roles.ts';
import { staffErrors } from './staff.errors.ts';
import type { StaffAuth } from './staff-auth.service.ts';
import type { StaffCustomers } from './staff-customers.service.ts';

const tags = ['back-office'];
const security = [{ staffSession: [] }];
const ZRole = z.enum(ROLES);
const ZLogin = z.object({
  kind: z.enum(['full', 'enrolment']),
  token: z.string(),
  expiresAt: z.string(),
  otpauthUri: z.string().optional(),
  qrSvg: z.string().optional(),
  staff: z.object({ id: z.string(), username: z.string(), roles: z.array(z.string()) }).optional(),
});
const ZStaffMember = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  status: z.enum(['active', 'disabled']),
  createdAt: z.string(),
});
const ZRequest = z.object({
  id: z.string(),
  kind: z.enum(['adjust_balance', 'freeze', 'lift_freeze', 'raise_tier']),
  customerId: z.string(),
  params: z.record(z.string(), z.unknown()),
  reason: z.string(),
  status: z.enum(['pending', 'approved', 'executed', 'failed', 'rejected', 'withdrawn']),
  proposedBy: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  result: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
});
const ZCustomer = z.object({
  id: z.string(),
  phone: z.string(),
  displayName: z.string(),
  createdAt: z.string(),
  wallet: z.object({
    id: z.string(),
    tier: z.number().int(),
    status: z.string(),
    frozenBy: z.string().nullable(),
    balances: z.array(
      z.object({ currency: z.string(), available: z.string(), posted: z.string() }).passthrough(),
    ),
  }),
});
const ZReason = ZText(500, 3);
const member = (s: {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  status: 'active' | 'disabled';
  createdAt: Date;
}) => ({
  ...s,
  createdAt: s.createdAt.toISOString(),
});

/** Back-office (staff) API: sign-in, staff management, customer support, maker–checker, audit. */
export function staffRoutes(
  app: App,
  deps: { auth: StaffAuth; customers: StaffCustomers; approvals: Approvals; pool: import('pg').Pool },
) {
  const { auth, customers, approvals } = deps;

  app.post(
    '/v1/staff/auth/login',
    {
      config: { idempotency: false, rateLimit: { bucket: 'login' } },
      schema: {
        tags,
        summary:
          'Staff sign-in: username, password and authenticator code. Without an authenticator yet, returns an enrolment session and the otpauth URI',
        body: z.strictObject({
          // Storable text only: a failed sign-in is audited with the username (jsonb refuses NUL
          // and lone surrogates: that was a 503).
          username: z
            .string()
            .min(1)
            .max(64)
            .refine((u) => !u.includes('\u0000') && u.isWellFormed(), 'not storable text'),
          password: z.string().min(1).max(128),
          code: z.string().max(16).optional(),
        }),
        response: { 200: ZLogin },
      },
    },
    async (req) => {
      const r = await auth.login(req.body, { ip: req.ip });
      if (!r.ok) throw failureToHttp(staffErrors, r);
      return r.value;
    },
  );
  app.post(
    '/v1/staff/auth/totp',
    {
      config: { auth: 'staff-enrolment', idempotency: false, rateLimit: { bucket: 'pin' } },
      schema: {
        tags,
        security,
        summary: 'Confirm the authenticator with a first code (enrolment session) → a full session',
        body: z.strictObject({ code: z.string().max(16) }),
        response: { 200: ZLogin },
      },
    },
    async (req) => {
      const r = await auth.confirmTotp(req.staff!, req.body.code, { ip: req.ip });
      if (!r.ok) throw failureToHttp(staffErrors, r);
      return r.value;
    },
  );
  app.post(
    '/v1/staff/auth/logout',
    {
      config: { auth: 'staff-enrolment', idempotency: false },
      schema: {
        tags,
        security,
        summary: 'End this staff session',
        response: { 200: z.object({ status: z.literal('signed_out') }) },
      },
    },
    async (req) => {
      await auth.logout(req.staff!);
      return { status: 'signed_out' as const };
    },
  );
  app.get(
    '/v1/staff/me',
    {
      config: { auth: 'staff', permission: 'self' },
      schema: {
        tags,
        security,
        summary: 'The signed-in staff member, roles and permissions',
        response: {
          200: z.object({ id: z.string(), roles: z.array(z.string()), permissions: z.array(z.string()) }),
        },
      },
    },
    async (req) => ({
      id: req.staff!.id,
      roles: [...req.staff!.roles],
      permissions: [...req.staff!.permissions].sort(),
    }),
  );

  // --- staff management (admin) ---
  app.get(
    '/v1/staff/members',
    {
      config: { auth: 'staff', permission: 'staff.manage' },
      schema: {
        tags,
        security,
        summary: 'Staff accounts',
        response: { 200: z.object({ items: z.array(ZStaffMember) }) },
      },
    },
    async (req) => {
      await audit(deps.pool, { actor: `staff:${req.staff!.id}`, event: 'staff.members_listed' });
      return { items: (await auth.list()).map(member) };
    },
  );
  app.post(
    '/v1/staff/members',
    {
      config: { auth: 'staff', permission: 'staff.manage' },
      schema: {
        tags,
        security,
        summary: 'Create a staff account; its first password is shown once',
        body: z.strictObject({
          username: z.string().min(3).max(32),
          displayName: ZText(64, 1),
          roles: z.array(ZRole).min(1).max(5),
        }),
        response: { 201: z.object({ id: z.string(), username: z.string(), temporaryPassword: z.string() }) },
      },
    },
    async (req, reply) => {
      const r = await auth.create(req.body, req.staff!.id);
      if (!r.ok) throw failureToHttp(staffErrors, r);
      return reply.code(201).send(r.value);
    },
  );
  app.patch(
    '/v1/staff/members/:staffId',
    {
      config: { auth: 'staff', permission: 'staff.manage' },
      schema: {
        tags,
        security,
        summary: 'Change a staff member’s roles or disable the account (ends their sessions)',
        params: z.object({ staffId: z.uuid() }),
        body: z.strictObject({
          roles: z.array(ZRole).min(1).max(5).optional(),
          status: z.enum(['active', 'disabled']).optional(),
        }),
        response: { 200: ZStaffMember },
      },
    },
    async (req) => {
      const r = await auth.update(req.staff!, req.params.staffId, req.body);
      if (!r.ok) throw failureToHttp(staffErrors, r);
      return member(r.value);
    },
  );
  app.post(
    '/v1/staff/members/:staffId/reset-authenticator',
    {
      config: { auth: 'staff', permission: 'staff.manage' },
      schema: {
        tags,
        security,
        summary: 'Reset a staff member’s lost or locked authenticator (they enrol a new one at next sign-in)',
        params: z.object({ staffId: z.uuid() }),
        response: { 200: z.object({ status: z.literal('reset') }) },
      },
    },
    async (req) => {
      const r = await auth.resetAuthenticator(req.staff!, req.params.staffId);
      if (!r.ok) throw failureToHttp(staffErrors, r);
      return { status: 'reset' as const };
    },
  );

  // --- customers ---
  app.get(
    '/v1/staff/customers',
    {
      config: { auth: 'staff', permission: 'customers.read' },
      schema: {
        tags,
        security,
        summary: 'Find a customer by mobile number (personal data masked)',
        querystring: z.strictObject({ phone: z.string().min(1).max(32) }),
        response: { 200: ZCustomer },
      },
    },
    async (req) => {
      const r = await customers.lookup(req.staff!, req.query.phone);
      if (!r.ok) throw failureToHttp(staffErrors, r);
      return r.value;
    },
  );
  app.get(
    '/v1/staff/customers/:customerId',
    {
      config: { auth: 'staff', permission: 'customers.read' },
      schema: {
        tags,
        security,
        summary: 'A customer, wallet and balances (personal data masked)',
        params: z.object({ customerId: z.uuid() }),
        response: { 200: ZCustomer },
      },
    },
    async (req) => {
      const r = await customers.view(req.staff!, req.params.customerId);
      if (!r.ok) throw failureToHttp(staffErrors, r);
      return r.value;
    },
  );
  app.post(
    '/v1/staff/customers/:customerId/unmask',
    {
      config: { auth: 'staff', permission: 'customers.unmask', idempotency: false },
      schema: {
        tags,
        security,
        summary: 'Show the full phone number and name (audited with the reason)',
        params: z.object({ customerId: z.uuid() }),
        body: z.strictObject({ reason: ZReason }),
        response: { 200: z.object({ phone: z.string(), displayName: z.string() }) },
      },
    },
    async (req) => {
      const r = await customers.unmask(req.staff!, req.params.customerId, req.body.reason);
      if (!r.ok) throw failureToHttp(staffErrors, r);
      return r.value;
    },
  );
  app.post(
    '/v1/staff/customers/:customerId/freeze',
    {
      config: { auth: 'staff', permission: 'wallets.freeze' },
      schema: {
        tags,
        security,
        summary:
          'Urgent one-person freeze of the customer’s wallet (fraud in progress); otherwise propose a `freeze` request. Lifting it needs maker–checker',
        params: z.object({ customerId: z.uuid() }),
        body: z.strictObject({ reason: ZReason }),
        response: { 200: z.object({ status: z.literal('frozen'), frozenBy: z.literal('bank') }) },
      },
    },
    async (req) => {
      const r = await customers.freeze(req.staff!, req.params.customerId, req.body.reason);
      if (!r.ok) throw failureToHttp(staffErrors, r);
      return r.value;
    },
  );

  // --- maker–checker ---
  app.post(
    '/v1/staff/requests',
    {
      config: { auth: 'staff', permission: 'requests.read' },
      schema: {
        tags,
        security,
        summary:
          'Propose a sensitive action (manual adjustment, freezing the wallet, lifting a freeze, raising a tier) for a colleague to approve',
        body: z.strictObject({
          customerId: z.uuid(),
          reason: ZReason,
          action: z.discriminatedUnion('kind', [
            z.strictObject({
              kind: z.literal('adjust_balance'),
              direction: z.enum(['credit', 'debit']),
              amount: z.strictObject({ amount: z.string().max(32), currency: z.string().length(3) }),
            }),
            z.strictObject({ kind: z.literal('freeze') }),
            z.strictObject({ kind: z.literal('lift_freeze') }),
            z.strictObject({ kind: z.literal('raise_tier'), tier: z.number().int().min(1).max(9) }),
          ]),
        }),
        response: { 201: ZRequest },
      },
    },
    async (req, reply) => {
      const a = req.body.action;
      const params =
        a.kind === 'adjust_balance'
          ? { kind: a.kind, direction: a.direction, amount: a.amount.amount, currency: a.amount.currency }
          : a;
      const r = await approvals.propose(req.staff!, {
        customerId: req.body.customerId,
        reason: req.body.reason,
        params,
      });
      if (!r.ok) throw failureToHttp(staffErrors, r);
      return reply.code(201).send(r.value);
    },
  );
  app.get(
    '/v1/staff/requests',
    {
      config: { auth: 'staff', permission: 'requests.read' },
      schema: {
        tags,
        security,
        summary: 'Maker–checker requests, newest first',
        querystring: z.strictObject({
          status: z.enum(['pending', 'approved', 'executed', 'failed', 'rejected', 'withdrawn']).optional(),
          customerId: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(ZRequest) }) },
      },
    },
    async (req) => ({ items: await approvals.list(req.query) }),
  );
  app.get(
    '/v1/staff/requests/:requestId',
    {
      config: { auth: 'staff', permission: 'requests.read' },
      schema: {
        tags,
        security,
        summary: 'One maker–checker request',
        params: z.object({ requestId: z.uuid() }),
        response: { 200: ZRequest },
      },
    },
    async (req) => {
      const r = await approvals.get(req.params.requestId);
      if (!r.ok) throw failureToHttp(staffErrors, r);
      return r.value;
    },
  );
  app.post(
    '/v1/staff/requests/:requestId/approve',
    {
      config: { auth: 'staff', permission: 'requests.read' },
      schema: {
        tags,
        security,
        summary: 'Approve (and so carry out) a colleague’s request; never one’s own',
        params: z.object({ requestId: z.uuid() }),
        body: z.strictObject({ note: ZText(500).optional() }),
        response: { 200: ZRequest },
      },
    },
    async (req) => {
      const r = await approvals.approve(req.staff!, req.params.requestId, req.body.note);
      if (!r.ok) throw failureToHttp(staffErrors, r);
      return r.value;
    },
  );
  app.post(
    '/v1/staff/requests/:requestId/reject',
    {
      config: { auth: 'staff', permission: 'requests.read' },
      schema: {
        tags,
        security,
        summary: 'Reject a colleague’s request, or withdraw one’s own',
        params: z.object({ requestId: z.uuid() }),
        body: z.strictObject({ note: ZReason }),
        response: { 200: ZRequest },
      },
    },
    async (req) => {
      const r = await approvals.reject(req.staff!, req.params.requestId, req.body.note);
      if (!r.ok) throw failureToHttp(staffErrors, r);
      return r.value;
    },
  );

  // --- audit log ---
  app.get(
    '/v1/staff/audit',
    {
      config: { auth: 'staff', permission: 'audit.read' },
      schema: {
        tags,
        security,
        summary: 'The audit log, newest first, with the result of verifying the whole hash chain',
        querystring: z.strictObject({
          before: z.coerce.number().int().min(1).optional(),
          subject: z.string().max(100).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                seq: z.number(),
                at: z.string(),
                actor: z.string(),
                event: z.string(),
                subject: z.string().nullable(),
                data: z.unknown(),
              }),
            ),
            verification: z.object({
              ok: z.boolean(),
              rows: z.number(),
              brokenAt: z.number().optional(),
              reason: z.string().optional(),
            }),
          }),
        },
      },
    },
    async (req) => {
      const { rows } = await deps.pool.query(
        `SELECT seq, at, actor, event, subject, data FROM audit_log
          WHERE ($1::bigint IS NULL OR seq < $1) AND ($2::text IS NULL OR subject = $2)
          ORDER BY seq DESC LIMIT $3`,
        [req.query.before ?? null, req.query.subject ?? null, req.query.limit],
      );
      const v = await verifyAuditLog(deps.pool);
      // Reading the log is itself recorded (after the page is read, so it is not on that page).
      await audit(deps.pool, {
        actor: `staff:${req.staff!.id}`,
        event: 'staff.audit_viewed',
        data: { before: req.query.before ?? null, subject: req.query.subject ?? null },
      });
      return {
        items: rows.map((r) => ({ ...r, seq: Number(r.seq), at: (r.at as Date).toISOString() })),
        verification: v.ok
          ? { ok: true, rows: v.rows }
          : { ok: false, rows: v.rows, brokenAt: v.brokenAt, reason: v.reason },
      };
    },
  );
}
