import type pg from 'pg';
import { knownPayee, recordStrongAuth, type ScaRules, tryExempt } from './sca-policy.ts';

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
  return {
    async decide(ctx: RiskContext): Promise<RiskResult> {
      const { rules } = deps;
      if (ctx.amount > rules.denyAbove) return { decision: 'deny', reasons: ['amount_above_deny_threshold'] };
      // Velocity: outgoing transfers from this account in the last minute (reads at most N+1 rows).
      const { rows } = await deps.pool.query(
        `SELECT count(*)::int AS n FROM (
           SELECT created_at FROM ledger_transfers WHERE debit_account_id = $1 ORDER BY seq DESC LIMIT $2) recent
          WHERE created_at > now() - interval '1 minute'`,
        [ctx.sourceAccountId, rules.maxTransfersPerMinute + 1],
      );
      if (rows[0].n >= rules.maxTransfersPerMinute) return { decision: 'hold', reasons: ['velocity'] };
      if (ctx.stepUpVerified) return { decision: 'allow', reasons: [] };
      const reasons: string[] = [];
      if (ctx.amount > rules.stepUpAbove) reasons.push('amount_above_step_up_threshold');
      if (
        ctx.kind === 'p2p' &&
        deps.sca.newPayee &&
        !(await knownPayee(deps.pool, ctx.customerId, ctx.payee))
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
