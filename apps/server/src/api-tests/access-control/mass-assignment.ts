import pg from 'pg';
import type { Json, JsonSchema } from '../../../../../test/helpers/api.ts';
import { branches } from '../../../../../test/helpers/api.ts';
import type { World } from './fixtures.ts';

/**
 * Mass assignment: protected fields added to otherwise valid bodies, with sentinel values nothing
 * legitimate produces, and a snapshot of every row of every table to show that none of them stuck.
 */
export const SENTINEL_ID = '0badc0de-dead-4bad-8bad-00000000beef';
export const SENTINEL_TIME = '2001-02-03T04:05:06.000Z';

/** Field → value: the bystander's ids stand for "someone else's" customer, wallet, owner and merchant. */
export function protectedFields(
  w: World,
  bystander: { customerId: string; walletId: string },
): Record<string, Json> {
  return {
    balance: '987654.32',
    availableBalance: '987654.32',
    status: 'hacked',
    tier: 9,
    limits: { daily: '9999999.00', single: '9999999.00' },
    dailyLimit: '9999999.00',
    role: 'admin',
    roles: ['admin'],
    scopes: ['payouts:write'],
    kycLevel: 9,
    verified: true,
    customerId: bystander.customerId,
    walletId: bystander.walletId,
    ownerId: bystander.customerId,
    merchantId: w.other.merchantId,
    id: SENTINEL_ID,
    createdAt: SENTINEL_TIME,
    mdrBps: 1,
  };
}

/** Strings that, found in a new or changed row, mean a protected field stuck. */
export const sentinelStrings = (fields: Record<string, Json>) => [
  'hacked',
  '987654.32',
  '98765432',
  '9999999',
  '2001-02-03',
  SENTINEL_ID,
  fields.customerId as string,
  fields.walletId as string,
  fields.merchantId as string,
];
/** Numeric sentinels by column. */
const NUMERIC: Record<string, number> = { tier: 9, kyc_level: 9, requested_tier: 9, mdr_bps: 1 };

/** The body with the protected fields added at the top level and in each nested object it has,
 * except where the schema declares the field (an input there). */
export function inject(
  body: Json,
  schema: JsonSchema | undefined,
  fields: Record<string, Json>,
): {
  body: Json;
  added: number;
  /** The names injected somewhere in the body. */
  keys: Set<string>;
} {
  const keys = new Set<string>();
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { body, added: 0, keys };
  const declared = new Set(branches(schema).flatMap((b) => Object.keys(b.properties ?? {})));
  const out: Json = {};
  let added = 0;
  for (const [k, v] of Object.entries(body)) {
    const sub = branches(schema).find((b) => b.properties?.[k])?.properties?.[k];
    const nested = inject(v, sub, fields);
    out[k] = nested.body;
    added += nested.added;
    for (const x of nested.keys) keys.add(x);
  }
  for (const [k, v] of Object.entries(fields)) {
    if (declared.has(k)) continue;
    out[k] = v;
    added++;
    keys.add(k);
  }
  return { body: out, added, keys };
}

/** Every protected key in a response carrying its sentinel value. */
export function stuckInResponse(json: Json, fields: Record<string, Json>, at = ''): string[] {
  if (json === null || typeof json !== 'object') return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(json)) {
    if (k in fields && JSON.stringify(v) === JSON.stringify(fields[k]) && k !== 'verified')
      out.push(`${at}${k}`);
    out.push(...stuckInResponse(v, fields, `${at}${k}.`));
  }
  return out;
}

/**
 * Every row of every table as text (the owner's connection: the application role cannot read
 * some). Rows that are new or changed between two snapshots are what a request wrote.
 */
export class Snapshots {
  private client: pg.Client;
  private tables: string[] = [];
  constructor(url: string) {
    this.client = new pg.Client({ connectionString: url });
  }
  async open(): Promise<void> {
    await this.client.connect();
    const { rows } = await this.client.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    );
    this.tables = rows.map((r) => r.tablename);
  }
  close = () => this.client.end();
  async take(): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>();
    for (const t of this.tables) {
      const { rows } = await this.client.query(`SELECT to_jsonb(x)::text AS r FROM "${t}" x`);
      out.set(t, new Set(rows.map((r) => r.r)));
    }
    return out;
  }
  /** Rows written between the snapshots (in every table), and those that carry a sentinel. */
  static stuck(
    before: Map<string, Set<string>>,
    after: Map<string, Set<string>>,
    sentinels: string[],
  ): { written: number; stuck: string[] } {
    let written = 0;
    const stuck: string[] = [];
    for (const [t, rows] of after) {
      for (const r of rows) {
        if (before.get(t)?.has(r)) continue;
        written++;
        const row = JSON.parse(r) as Record<string, unknown>;
        const numeric = Object.entries(NUMERIC).some(([c, v]) => row[c] === v);
        if (numeric || sentinels.some((s) => r.includes(s))) stuck.push(`${t}: ${r.slice(0, 300)}`);
      }
    }
    return { written, stuck };
  }
}
