import { type LedgerEngine, uuidFromName, uuidv7 } from '@yinbao/ledger';
import { isCurrencyCode, parseAmount, toDecimalString } from '@yinbao/money';
import type pg from 'pg';
import { audit } from '../../platform/audit.ts';
import { err, ok, type Result } from '../../platform/errors.ts';
import type { StaffPrincipal } from '../../platform/http/auth.ts';
import { writeOutbox } from '../../platform/outbox.ts';
import { inTransaction } from '../../platform/sql.ts';
import { AccountCode, systemAccountId, TransferCode } from '../../platform/system-accounts.ts';
import { ledgerOf, type WalletsService } from '../wallets/index.ts';
import type { TierTable } from '../wallets/tiers.ts';
import { bankFreeze } from './staff-customers.service.ts';

export type RequestKind = 'adjust_balance' | 'freeze' | 'lift_freeze' | 'raise_tier';
export type RequestParams =
  | { kind: 'adjust_balance'; direction: 'credit' | 'debit'; amount: string; currency: string }
  | { kind: 'freeze' }
  | { kind: 'lift_freeze' }
  | { kind: 'raise_tier'; tier: number };

export type ApprovalError =
  | 'ROLE_CANNOT_PROPOSE'
  | 'ROLE_CANNOT_DECIDE'
  | 'CUSTOMER_NOT_FOUND'
  | 'REQUEST_NOT_FOUND'
  | 'REQUEST_ALREADY_DECIDED'
  | 'FOUR_EYES_REQUIRED'
  | 'INVALID_AMOUNT'
  | 'WALLET_NOT_FROZEN'
  | 'WALLET_ALREADY_FROZEN'
  | 'TIER_NOT_HIGHER';

type Row = {
  id: string;
  kind: RequestKind;
  customerId: string;
  params: Record<string, unknown>;
  reason: string;
  status: 'pending' | 'approved' | 'executed' | 'failed' | 'rejected' | 'withdrawn';
  proposedBy: string;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  result: Record<string, unknown> | null;
  createdAt: Date;
};
const COLS = `id, kind, customer_id AS "customerId", params, reason, status, proposed_by AS "proposedBy",
  decided_by AS "decidedBy", decided_at AS "decidedAt", decision_note AS "decisionNote", result,
  created_at AS "createdAt"`;

export const requestView = (r: Row) => ({
  id: r.id,
  kind: r.kind,
  customerId: r.customerId,
  params: r.params,
  reason: r.reason,
  status: r.status,
  proposedBy: r.proposedBy,
  decidedBy: r.decidedBy,
  decidedAt: r.decidedAt?.toISOString() ?? null,
  decisionNote: r.decisionNote,
  result: r.result,
  createdAt: r.createdAt.toISOString(),
});
export type RequestView = ReturnType<typeof requestView>;

const note = (customerId: string, kind: string, title: string, body: string) => ({
  topic: `staff.${kind}`,
  customerId,
  payload: { notification: { customerId, kind, title, body } },
});

/**
 * Maker–checker (issue 3, item 8): sensitive back-office actions — a manual balance adjustment,
 * freezing a wallet, lifting a bank freeze, raising a KYC tier — are proposed by one staff member and carried out only
 * when a different one, allowed to approve that kind, approves. Approval first claims the request
 * (pending → approved, under a row lock, so a concurrent reject or second approval loses), then
 * executes it idempotently (the ledger transfer id derives from the request id), then records the
 * outcome; an interrupted execution is finished by approving again.
 */
export function createApprovals(deps: {
  pool: pg.Pool;
  engine: LedgerEngine;
  wallets: WalletsService;
  tiers: TierTable;
}) {
  async function load(db: pg.Pool | pg.PoolClient, id: string, lock = false): Promise<Row | null> {
    const { rows } = await db.query(
      `SELECT ${COLS} FROM staff_requests WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return (rows[0] as Row | undefined) ?? null;
  }

  /** Checks what the request asks for against the customer's current state; normalises params. */
  async function validate(
    customerId: string,
    p: RequestParams,
  ): Promise<Result<Record<string, unknown>, ApprovalError>> {
    const wallet = await deps.wallets.walletOfCustomer(customerId);
    if (!wallet) return err('CUSTOMER_NOT_FOUND');
    if (p.kind === 'adjust_balance') {
      const amount = parseAmount(p.amount, p.currency);
      if (!isCurrencyCode(p.currency)) return err('INVALID_AMOUNT', `Unknown currency ${p.currency}`);
      if (!amount.ok || amount.value <= 0n)
        return err('INVALID_AMOUNT', amount.ok ? 'Must be more than zero' : amount.message);
      if (!(await deps.wallets.accountOf(wallet.id, p.currency)))
        return err('INVALID_AMOUNT', `The wallet has no ${p.currency} account`);
      return ok({
        direction: p.direction,
        amount: toDecimalString(amount.value, p.currency),
        currency: p.currency,
      });
    }
    if (p.kind === 'freeze') {
      // A wallet the customer froze may still be frozen by the bank (so they cannot lift it).
      if (wallet.status === 'frozen' && wallet.frozenBy === 'bank') return err('WALLET_ALREADY_FROZEN');
      return ok({});
    }
    if (p.kind === 'lift_freeze') {
      if (wallet.status !== 'frozen') return err('WALLET_NOT_FROZEN');
      return ok({});
    }
    if (!deps.tiers.get(p.tier) || p.tier >= wallet.tier) {
      return err(
        'TIER_NOT_HIGHER',
        `The wallet is Class ${wallet.tier}; the new class must be a higher one (a lower number)`,
      );
    }
    return ok({ tier: p.tier });
  }

  async function execute(r: Row, checker: string): Promise<Result<Record<string, unknown>, string>> {
    const wallet = await deps.wallets.walletOfCustomer(r.customerId);
    if (!wallet) return err('CUSTOMER_NOT_FOUND');
    if (r.kind === 'adjust_balance') {
      const { direction, amount, currency } = r.params as {
        direction: string;
        amount: string;
        currency: string;
      };
      const minor = parseAmount(amount, currency);
      const account = await deps.wallets.accountOf(wallet.id, currency);
      if (!minor.ok || !account) return err('INVALID_AMOUNT');
      const ledger = ledgerOf(currency);
      if (ledger === null) return err('INVALID_AMOUNT');
      const bank = systemAccountId(ledger, AccountCode.manualAdjustments);
      const party = { name: '银行调账 Bank adjustment' };
      const [res] = await deps.engine.submit([
        {
          id: uuidFromName(`staff-request:${r.id}`),
          debitAccountId: direction === 'credit' ? bank : account,
          creditAccountId: direction === 'credit' ? account : bank,
          amount: minor.value,
          ledger,
          code: TransferCode.adjustment,
          userData: {
            kind: 'adjustment',
            requestId: r.id,
            ...(direction === 'credit' ? { from: party } : { to: party }),
          },
        },
      ]);
      if (!res?.ok) return err(res?.code ?? 'LEDGER_FAILED');
      return ok({ transferId: res.transfer.id });
    }
    if (r.kind === 'freeze') {
      // Exactly the direct freeze (same effect, audit event and notification), run by the
      // approver; a wallet the bank froze in the meantime stays frozen and nothing is repeated.
      const changed = await bankFreeze(deps, {
        staffId: checker,
        customerId: r.customerId,
        walletId: wallet.id,
        reason: r.reason,
        requestId: r.id,
      });
      return ok({ walletStatus: 'frozen', ...(changed ? {} : { alreadyFrozen: true }) });
    }
    if (r.kind === 'lift_freeze') {
      await inTransaction(deps.pool, async (tx) => {
        if (await deps.wallets.setStatus(tx, wallet.id, 'active', 'bank')) {
          await writeOutbox(tx, [
            note(
              r.customerId,
              'wallet_unfrozen',
              '钱包已解冻 Wallet unfrozen',
              '银行已解除冻结 The bank lifted the freeze',
            ),
          ]);
        }
      });
      return ok({ walletStatus: 'active' });
    }
    const tier = Number(r.params.tier);
    if (tier < wallet.tier) {
      const set = await deps.wallets.setTier(wallet.id, tier);
      if (!set.ok) return err(set.code);
    }
    return ok({ tier: Math.min(tier, wallet.tier) });
  }

  return {
    async propose(
      maker: StaffPrincipal,
      input: { customerId: string; reason: string; params: RequestParams },
    ): Promise<Result<RequestView, ApprovalError>> {
      if (!maker.permissions.has(`${input.params.kind}.propose`)) return err('ROLE_CANNOT_PROPOSE');
      const params = await validate(input.customerId, input.params);
      if (!params.ok) return params;
      const id = uuidv7();
      return inTransaction(deps.pool, async (tx) => {
        await tx.query(
          'INSERT INTO staff_requests (id, kind, customer_id, params, reason, proposed_by) VALUES ($1, $2, $3, $4, $5, $6)',
          [id, input.params.kind, input.customerId, JSON.stringify(params.value), input.reason, maker.id],
        );
        await audit(tx, {
          actor: `staff:${maker.id}`,
          event: 'staff.request_proposed',
          subject: `customer:${input.customerId}`,
          data: { requestId: id, kind: input.params.kind, params: params.value, reason: input.reason },
        });
        return ok(requestView((await load(tx, id))!));
      });
    },

    async list(q: { status?: string | undefined; customerId?: string | undefined; limit: number }) {
      const { rows } = await deps.pool.query(
        `SELECT ${COLS} FROM staff_requests
          WHERE ($1::text IS NULL OR status = $1) AND ($2::uuid IS NULL OR customer_id = $2)
          ORDER BY created_at DESC LIMIT $3`,
        [q.status ?? null, q.customerId ?? null, q.limit],
      );
      return (rows as Row[]).map(requestView);
    },

    async get(id: string) {
      const r = await load(deps.pool, id);
      return r ? ok(requestView(r)) : err('REQUEST_NOT_FOUND' as const);
    },

    async approve(
      checker: StaffPrincipal,
      id: string,
      decisionNote: string | undefined,
    ): Promise<Result<RequestView, ApprovalError>> {
      const claimed = await inTransaction(deps.pool, async (tx) => {
        const r = await load(tx, id, true);
        if (!r) return err('REQUEST_NOT_FOUND' as const);
        if (!checker.permissions.has(`${r.kind}.approve`)) return err('ROLE_CANNOT_DECIDE' as const);
        if (r.proposedBy === checker.id) return err('FOUR_EYES_REQUIRED' as const);
        // An approval whose execution was interrupted is finished by its approver.
        if (r.status === 'approved' && r.decidedBy === checker.id) return ok(r);
        if (r.status !== 'pending') return err('REQUEST_ALREADY_DECIDED' as const);
        await tx.query(
          `UPDATE staff_requests SET status = 'approved', decided_by = $2, decided_at = now(), decision_note = $3 WHERE id = $1`,
          [id, checker.id, decisionNote ?? null],
        );
        await audit(tx, {
          actor: `staff:${checker.id}`,
          event: 'staff.request_approved',
          subject: `customer:${r.customerId}`,
          data: { requestId: id, kind: r.kind, proposedBy: r.proposedBy },
        });
        return ok(r);
      });
      if (!claimed.ok) return claimed;
      const outcome = await execute(claimed.value, checker.id);
      await inTransaction(deps.pool, async (tx) => {
        await tx.query(
          `UPDATE staff_requests SET status = $2, result = $3 WHERE id = $1 AND status = 'approved'`,
          [
            id,
            outcome.ok ? 'executed' : 'failed',
            JSON.stringify(outcome.ok ? outcome.value : { code: outcome.code }),
          ],
        );
        const r = claimed.value;
        await audit(tx, {
          actor: `staff:${checker.id}`,
          event: outcome.ok ? 'staff.request_executed' : 'staff.request_failed',
          subject: `customer:${r.customerId}`,
          data: { requestId: id, kind: r.kind, ...(outcome.ok ? outcome.value : { code: outcome.code }) },
        });
        if (outcome.ok && r.kind === 'adjust_balance') {
          const { direction, amount, currency } = r.params as Record<string, string>;
          await writeOutbox(tx, [
            note(
              r.customerId,
              'balance_adjusted',
              '银行调账 Balance adjusted by the bank',
              `${direction === 'credit' ? '+' : '-'}${amount} ${currency}`,
            ),
          ]);
        }
      });
      return ok(requestView((await load(deps.pool, id))!));
    },

    async reject(
      checker: StaffPrincipal,
      id: string,
      decisionNote: string,
    ): Promise<Result<RequestView, ApprovalError>> {
      return inTransaction(deps.pool, async (tx) => {
        const r = await load(tx, id, true);
        if (!r) return err('REQUEST_NOT_FOUND' as const);
        // The maker may withdraw their own request; anyone else needs the approve permission.
        if (r.proposedBy !== checker.id && !checker.permissions.has(`${r.kind}.approve`))
          return err('ROLE_CANNOT_DECIDE' as const);
        if (r.status !== 'pending') return err('REQUEST_ALREADY_DECIDED' as const);
        if (r.proposedBy === checker.id) {
          await tx.query(
            `UPDATE staff_requests SET status = 'withdrawn', decided_at = now(), decision_note = $2 WHERE id = $1`,
            [id, decisionNote],
          );
          await audit(tx, {
            actor: `staff:${checker.id}`,
            event: 'staff.request_withdrawn',
            subject: `customer:${r.customerId}`,
            data: { requestId: id, kind: r.kind, note: decisionNote },
          });
          return ok(requestView((await load(tx, id))!));
        }
        await tx.query(
          `UPDATE staff_requests SET status = 'rejected', decided_by = $2, decided_at = now(), decision_note = $3 WHERE id = $1`,
          [id, checker.id, decisionNote],
        );
        await audit(tx, {
          actor: `staff:${checker.id}`,
          event: 'staff.request_rejected',
          subject: `customer:${r.customerId}`,
          data: { requestId: id, kind: r.kind, proposedBy: r.proposedBy, note: decisionNote },
        });
        return ok(requestView((await load(tx, id))!));
      });
    },
  };
}

export type Approvals = ReturnType<typeof createApprovals>;
