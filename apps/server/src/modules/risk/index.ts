export {
  createRiskService,
  type RiskContext,
  type RiskDecision,
  type RiskResult,
  type RiskRules,
  type RiskService,
} from './risk.service.ts';
export type { ScaRules } from './sca-policy.ts';
