import type pg from 'pg';
import { createBatchLoader } from '../../platform/db/batch-loader.ts';
import { knownPayees, recordStrongAuth, type ScaRules, tryExempt } from './sca-policy.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type RiskDecision = 'allow' | 'step_up' | 'hold' | 'deny';
export type RiskContext = {
  customerId: string;
  kind: 'p2p' | 'withdrawal' | 'qr' | 'order' | 'pos';
  amount: bigint;
  currency: string;
  /** The ledger account the money leaves. */
  sourceAccountId: string;
  payee: string;
  stepUpVerified: boolean;
};
export type RiskResult = { decision: RiskDecision; reasons: string[] };

export type RiskRules = { stepUpAbove: bigint; denyAbove: bigint; maxTransfersPerMinute: number };

/**
 * Every outgoing movement asks this before posting. Simple configurable rules for now (amount,
 * velocity); the real engine (K1) replaces the body, not the interface.
 */
export function createRiskService(deps: { pool: pg.Pool; rules: RiskRules; sca: ScaRules }) {
  // Velocity: outgoing transfers from each account in the last minute (reads at most N+1 rows per
  // account); concurrent payments share one query.
  const recentOutgoing = createBatchLoader<string, number>({
    id: (a) => a.toLowerCase(),
    load: async (accounts) => {
      const { rows } = await deps.pool.query(
        `SELECT a.id, (SELECT count(*)::int FROM (
             SELECT created_at FROM ledger_transfers WHERE debit_account_id = a.id ORDER BY seq DESC LIMIT $2) recent
            WHERE created_at > now() - interval '1 minute') AS n
           FROM unnest($1::uuid[]) AS a(id)`,
        [accounts.filter((a) => UUID.test(a)), deps.rules.maxTransfersPerMinute + 1],
      );
      return new Map(rows.map((r) => [r.id as string, r.n as number]));
    },
  });
  const known = createBatchLoader<{ customerId: string; payee: string }, true>({
    id: (k) => `${k.customerId}|${k.payee}`,
    load: async (keys) => {
      const found = await knownPayees(deps.pool, keys);
      return new Map(found.map((k) => [`${k.customerId}|${k.payee}`, true as const]));
    },
  });
  return {
    async decide(ctx: RiskContext): Promise<RiskResult> {
      const { rules } = deps;
      if (ctx.amount > rules.denyAbove) return { decision: 'deny', reasons: ['amount_above_deny_threshold'] };
      const recent = (await recentOutgoing(ctx.sourceAccountId)) ?? 0;
      if (recent >= rules.maxTransfersPerMinute) return { decision: 'hold', reasons: ['velocity'] };
      if (ctx.stepUpVerified) return { decision: 'allow', reasons: [] };
      const reasons: string[] = [];
      if (ctx.amount > rules.stepUpAbove) reasons.push('amount_above_step_up_threshold');
      if (
        ctx.kind === 'p2p' &&
        deps.sca.newPayee &&
        !(await known({ customerId: ctx.customerId, payee: ctx.payee }))
      )
        reasons.push('new_payee');
      if (reasons.length === 0) return { decision: 'allow', reasons: [] };
      // Only a new payee may be waived, and only for a low-value payment within the allowance.
      if (
        reasons.length === 1 &&
        reasons[0] === 'new_payee' &&
        (await tryExempt(deps.pool, deps.sca, ctx.customerId, ctx.amount))
      )
        return { decision: 'allow', reasons: ['low_value_exemption'] };
      return { decision: 'step_up', reasons };
    },

    /** A movement was confirmed with SCA: its payee becomes known and the exemption counter restarts. */
    recordStrongAuth,
  };
}

export type RiskService = ReturnType<typeof createRiskService>;
