import { z } from 'zod';

/**
 * Wallet tiers modelled on the e-CNY wallet classes: the weaker the identification, the lower
 * the limits. Amounts are CNY minor units (fen); null = no limit. Configurable with
 * YINBAO_TIERS_JSON (same shape, amounts as strings).
 */
export type Tier = {
  tier: number;
  name: string;
  requirement: string;
  balanceCap: bigint | null;
  singleLimit: bigint | null;
  dailyLimit: bigint | null;
  annualLimit: bigint | null;
};
export type TierTable = Map<number, Tier>;

const yuan = (n: number) => BigInt(n) * 100n;

export const DEFAULT_TIERS: Tier[] = [
  {
    tier: 4,
    name: 'Class IV (phone only)',
    requirement: 'Verified mobile number',
    balanceCap: yuan(10_000),
    singleLimit: yuan(2_000),
    dailyLimit: yuan(5_000),
    annualLimit: yuan(50_000),
  },
  {
    tier: 3,
    name: 'Class III (real name)',
    requirement: 'Mobile number and resident ID verified',
    balanceCap: yuan(20_000),
    singleLimit: yuan(5_000),
    dailyLimit: yuan(10_000),
    annualLimit: null,
  },
  {
    tier: 2,
    name: 'Class II (real name + bank card)',
    requirement: 'Resident ID and a bank card in the same name',
    balanceCap: yuan(500_000),
    singleLimit: yuan(50_000),
    dailyLimit: yuan(100_000),
    annualLimit: null,
  },
  {
    tier: 1,
    name: 'Class I (fully verified)',
    requirement: 'Resident ID, a bank card in the same name and a face check (or in person at a branch)',
    balanceCap: null,
    singleLimit: null,
    dailyLimit: null,
    annualLimit: null,
  },
];

const amount = z
  .string()
  .regex(/^\d{1,18}$/)
  .transform((s) => BigInt(s))
  .nullable();
const ZTierJson = z.array(
  z.object({
    tier: z.number().int().min(1).max(9),
    name: z.string().min(1),
    requirement: z.string().default(''),
    balanceCap: amount,
    singleLimit: amount,
    dailyLimit: amount,
    annualLimit: amount,
  }),
);

export function parseTierTable(json: string | undefined): TierTable {
  const tiers = json ? ZTierJson.parse(JSON.parse(json)) : DEFAULT_TIERS;
  return new Map(tiers.map((t) => [t.tier, t]));
}

/** The tier a new wallet starts in: the most restricted one (highest number). */
export function entryTier(table: TierTable): Tier {
  return [...table.values()].sort((a, b) => b.tier - a.tier)[0]!;
}

/** Limit counter keys for a wallet: one per day and one per year (Asia/Shanghai calendar). */
export function limitKeys(walletId: string, at: Date): { day: string; year: string } {
  const local = new Date(at.getTime() + 8 * 3600_000).toISOString();
  return {
    day: `wallet:${walletId}:day:${local.slice(0, 10)}`,
    year: `wallet:${walletId}:year:${local.slice(0, 4)}`,
  };
}
