/**
 * Concurrency tests of the ledger engine against real PostgreSQL.
 *
 * Load tests (≥ 10,000 random transfers each, ~50 accounts of which 3 hot ones take ~30% of the
 * traffic, flagged debitsMustNotExceedCredits and funded from an unflagged bank account), in three
 * shapes:
 *   - 8 engines sharing one pool, 64 clients: large batches racing each other on row locks
 *     (one engine per server process, several processes)
 *   - 64 engines sharing one pool (max 70), 256 clients: ≥ 64 concurrent transactions
 *   - 1 engine, 64 concurrent clients: everything funnels through one writer's batches
 * Traffic: single transfers, linked pairs, pending → post (full/partial) or void, bank top-ups,
 * retries of earlier events with the same ids and duplicates submitted at the same moment as the
 * original (to the same engine, so that the engine's in-batch idempotency is exercised).
 * Afterwards: no submission threw; every id has at most one 'created' result and every ok id exactly
 * one; the stored rows are exactly the ok ids (failed transfers absent); the stored balances equal
 * both the balances implied by the results and the balances replayed from ledger_transfers; no flagged
 * account overdrawn; per ledger Σdebits = Σcredits.
 *
 * The idempotency races (cross-engine) are in ledger.races.test.ts; the helpers in
 * test-concurrency.ts and test-concurrency-verify.ts.
 *
 * Size: LEDGER_CONCURRENCY_TRANSFERS (default 10000) per load test; LEDGER_CONCURRENCY_SEED.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.ts';
import { createLedgerEngine, type LedgerEngine } from './engine.ts';
import { createUniverse, runLoad, summarize } from './test-concurrency.ts';
import { verify } from './test-concurrency-verify.ts';

const TRANSFERS = Number(process.env.LEDGER_CONCURRENCY_TRANSFERS ?? 10_000);
const SEED = Number(process.env.LEDGER_CONCURRENCY_SEED ?? Date.now() % 2 ** 31);

let db: TestDatabase;
const engines: LedgerEngine[] = [];

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 70 });
});
afterAll(async () => {
  await Promise.all(engines.map((e) => e.close()));
  await db?.drop();
});

function newEngines(n: number): LedgerEngine[] {
  const es = Array.from({ length: n }, () => createLedgerEngine({ pool: db.pool }));
  engines.push(...es);
  return es;
}

describe(`ledger engine under concurrency (seed ${SEED})`, () => {
  it('8 engines sharing a pool, 64 clients: batches race on row locks', async () => {
    const u = await createUniverse(db.pool);
    const report = await runLoad(db.pool, u, newEngines(8), 64, TRANSFERS, SEED);
    console.log(summarize('8 engines × 64 clients', report));
    await verify(db.pool, u, report);
    expect(report.transfers).toBeGreaterThanOrEqual(TRANSFERS);
  }, 300_000);

  it('64 engines sharing a pool of 70, 256 clients: 64 concurrent transactions', async () => {
    const u = await createUniverse(db.pool);
    const report = await runLoad(db.pool, u, newEngines(64), 256, TRANSFERS, SEED + 1);
    console.log(summarize('64 engines × 256 clients', report));
    await verify(db.pool, u, report);
    expect(report.maxCheckedOut).toBeGreaterThanOrEqual(64);
  }, 300_000);

  it('8 engines, 64 clients, duplicates submitted to a second engine at the same moment', async () => {
    const u = await createUniverse(db.pool);
    const report = await runLoad(db.pool, u, newEngines(8), 64, TRANSFERS, SEED + 3, {
      duplicatesOnOtherEngine: true,
    });
    console.log(summarize('8 engines × 64 clients, cross-engine duplicates', report));
    await verify(db.pool, u, report);
  }, 300_000);

  it('1 engine, 64 concurrent clients', async () => {
    const u = await createUniverse(db.pool);
    const report = await runLoad(db.pool, u, newEngines(1), 64, TRANSFERS, SEED + 2);
    console.log(summarize('1 engine × 64 clients', report));
    await verify(db.pool, u, report);
    expect(report.stats.largestBatch).toBeGreaterThan(1);
  }, 300_000);
});
