import { createLedgerEngine, uuidv7 } from '@yinbao/ledger';
import type pg from 'pg';
import { AccountCode, systemAccountId, TransferCode } from '../apps/server/src/platform/system-accounts.ts';
import { imbalancedLedgers, maxSeq } from './db.ts';
import { type BenchMerchant, merchantBalance } from './http-merchant.ts';
import { type Customer, drainOutbox, waitQuiet } from './http-setup.ts';
import { Latencies } from './latency.ts';
import type { BenchResult, Check, Log } from './types.ts';

export const PAYOUTS_LINE = 'http: POST /v1/merchant/payouts, 8,000 per request';
const CONNECTIONS = 3;
const ITEMS = 8000;

type Outcome = { status: number; created: string[]; failed: number; text?: string };

/**
 * Merchant batch payouts over HTTP: the bench merchant (the QR run's) gets an API key with
 * `payouts:write` from its owner over HTTP and ¥10,000,000 in its account (in SQL, from the bank's
 * merchant settlement account, as the bench funds wallets); then a few connections, closed loop,
 * each POST 8,000 payouts of ¥0.01 to random bench customers (tier 1: no balance cap) until the
 * time is up. Throughput counts created payouts (transfers/s) over the time until the last answer;
 * latency is per request. Checks: ledger balanced, the payouts in the ledger are exactly the
 * `created` items, the merchant's balance fell by exactly their sum, no failed item or non-200.
 */
export async function payoutsPhase(
  pool: pg.Pool,
  url: string,
  customers: Customer[],
  merchant: BenchMerchant,
  owner: Customer,
  seconds: number,
  log: Log,
): Promise<{ result: BenchResult; checks: Check[] }> {
  const key = await payoutKey(url, merchant.merchantId, owner);
  await fundMerchant(pool, merchant.accountId, 1_000_000_000n);
  const body = (tag: string) =>
    JSON.stringify({
      items: Array.from({ length: ITEMS }, (_, i) => ({
        reference: `${tag}-${i}`,
        to: { walletId: customers[Math.floor(Math.random() * customers.length)]!.walletId },
        amount: { amount: '0.01', currency: 'CNY' },
      })),
    });
  const send = async (tag: string): Promise<Outcome> => {
    const res = await fetch(`${url}/v1/merchant/payouts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: body(tag),
    });
    const text = await res.text();
    if (res.status !== 200) return { status: res.status, created: [], failed: 0, text: text.slice(0, 200) };
    const json = JSON.parse(text) as {
      results: Array<{ status: string; transferId?: string }>;
      failed: number;
    };
    const created = json.results.filter((r) => r.status === 'created').map((r) => r.transferId!);
    return { status: 200, created, failed: json.failed };
  };

  log('payouts: warming up (2 requests, not measured) …');
  for (let i = 0; i < 2; i++) await send(`warm-${uuidv7()}`);
  await drainOutbox(pool, log);
  log(`${PAYOUTS_LINE}: ${CONNECTIONS} connections, ${seconds} s …`);
  const seqBefore = await maxSeq(pool);
  const balanceBefore = await merchantBalance(pool, merchant.accountId);
  const acked = new Set<string>();
  const latency = new Latencies();
  const bad: string[] = [];
  let failedItems = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, c) => {
      for (let n = 0; performance.now() < end; n++) {
        const t0 = performance.now();
        const o = await send(`p-${c}-${n}-${uuidv7()}`);
        latency.add(performance.now() - t0);
        if (o.status !== 200) bad.push(`${o.status} ${o.text}`);
        failedItems += o.failed;
        for (const id of o.created) acked.add(id);
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  await waitQuiet(pool);

  const { rows } = await pool.query<{ id: string }>(
    'SELECT id FROM ledger_transfers WHERE seq > $1 AND code = $2',
    [seqBefore, TransferCode.merchantPayout],
  );
  const inLedger = new Set(rows.map((r) => r.id));
  const missing = [...acked].filter((id) => !inLedger.has(id)).length;
  const unacked = [...inLedger].filter((id) => !acked.has(id)).length;
  const fell = balanceBefore - (await merchantBalance(pool, merchant.accountId));
  const imbalanced = await imbalancedLedgers(pool);
  const outbox = await pool.query('SELECT count(*)::int AS n FROM outbox_events WHERE delivered_at IS NULL');
  const [p50 = null, p99 = null, p999 = null] = latency.percentiles([50, 99, 99.9]);
  const checks: Check[] = [
    {
      name: `${PAYOUTS_LINE}: ledger balanced`,
      pass: imbalanced.length === 0,
      detail: imbalanced.length ? imbalanced.join('; ') : 'every ledger: debits = credits',
    },
    {
      name: `${PAYOUTS_LINE}: transfers created = acknowledged`,
      pass: missing === 0 && unacked === 0,
      detail: `in the ledger ${inLedger.size}, created items answered ${acked.size}, missing ${missing}, unanswered ${unacked}`,
    },
    {
      name: `${PAYOUTS_LINE}: merchant balance fell by Σ acknowledged`,
      pass: fell === BigInt(acked.size),
      detail: `merchant account −${fell} minor units; acknowledged ${acked.size} × ¥0.01`,
    },
    {
      name: `${PAYOUTS_LINE}: no errors`,
      pass: bad.length === 0 && failedItems === 0,
      detail:
        bad.length || failedItems
          ? `non-200 ${bad.length} (${bad[0] ?? ''}); failed items ${failedItems}`
          : 'none',
    },
  ];
  return {
    result: {
      name: PAYOUTS_LINE,
      unit: 'transfers/s',
      tps: acked.size / elapsed,
      p50,
      p99,
      p999,
      ratio: null,
      notes:
        `${CONNECTIONS} connections, ${latency.count} requests of ${ITEMS} × ¥0.01 to ${customers.length} wallets; ` +
        `latency per request; outbox backlog ${outbox.rows[0].n} at end`,
    },
    checks,
  };
}

/** The merchant's owner creates an API key with the payouts scope, over HTTP. */
async function payoutKey(url: string, merchantId: string, owner: Customer): Promise<string> {
  const res = await fetch(`${url}/v1/merchants/${merchantId}/api-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.token}` },
    body: JSON.stringify({ name: 'bench payroll', scopes: ['payouts:write'] }),
  });
  const json = (await res.json()) as { key?: string };
  if (res.status !== 201 || !json.key) throw new Error(`payouts API key failed: ${JSON.stringify(json)}`);
  return json.key;
}

/** Funds the merchant's account from the bank's merchant settlement account (as its sales would). */
async function fundMerchant(pool: pg.Pool, accountId: string, minor: bigint): Promise<void> {
  const engine = createLedgerEngine({ pool });
  try {
    const [r] = await engine.submit([
      {
        id: uuidv7(),
        debitAccountId: systemAccountId(156, AccountCode.merchantSettlement),
        creditAccountId: accountId,
        amount: minor,
        ledger: 156,
        code: TransferCode.adjustment,
        userData: { kind: 'adjustment', from: { name: 'Bench fixture' } },
      },
    ]);
    if (!r?.ok) throw new Error(`funding the merchant failed: ${JSON.stringify(r)}`);
  } finally {
    await engine.close();
  }
}
