/**
 * Idempotency races of the ledger engine against real PostgreSQL (split from
 * ledger.concurrency.test.ts; the scenarios are in test-concurrency.ts): one transfer submitted 50
 * times at once, to a single engine and split across engines; a post and a void of the same pending
 * transfer submitted at once to two engines; two sweepers expiring the same pending transfer at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.ts';
import { createLedgerEngine, type LedgerEngine } from './engine.ts';
import { postVoidRace, sameTransferRace, sweeperRace } from './test-concurrency.ts';

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

describe('idempotency races', () => {
  it('the same transfer 50 times at once to one engine: 1 created + 49 exists, one row', async () => {
    const { t, settled, o, rows, debited } = await sameTransferRace(db.pool, newEngines(1), 50, false);
    expect(o.filter((x) => x === 'created')).toHaveLength(1);
    expect(o.filter((x) => x === 'exists')).toHaveLength(49);
    for (const s of settled)
      if (s.status === 'fulfilled' && s.value[0]!.ok) expect(s.value[0]!.transfer.id).toBe(t.id);
    expect(rows).toEqual([{ id: t.id, amount: 250n }]);
    expect(debited).toBe(250n);
  });

  it('the same transfer 50 times at once across 8 engines (forced interleaving): stored and debited once', async () => {
    // The database's safety net: whatever the engines answer, the transfer exists once and moved
    // money once, and no engine answers with anything but the one transfer.
    const { t, settled, o, rows, debited } = await sameTransferRace(db.pool, newEngines(8), 50, true);
    expect(o.filter((x) => x === 'created').length).toBeLessThanOrEqual(1);
    expect(o.filter((x) => !x.startsWith('threw') && x !== 'created' && x !== 'exists')).toEqual([]);
    for (const s of settled)
      if (s.status === 'fulfilled' && s.value[0]!.ok) expect(s.value[0]!.transfer.id).toBe(t.id);
    expect(rows).toEqual([{ id: t.id, amount: 250n }]);
    expect(debited).toBe(250n);
  });

  it('the same transfer 50 times at once across 8 engines (forced interleaving): 50 ok results', async () => {
    const { t, settled, o, rows } = await sameTransferRace(db.pool, newEngines(8), 50, true);
    expect(o.filter((x) => x !== 'created' && x !== 'exists')).toEqual([]);
    expect(o.filter((x) => x === 'created')).toHaveLength(1);
    for (const s of settled)
      if (s.status === 'fulfilled' && s.value[0]!.ok) expect(s.value[0]!.transfer.id).toBe(t.id);
    expect(rows).toEqual([{ id: t.id, amount: 250n }]);
  });

  it('post and void of one pending transfer at once on two engines: resolved exactly once', async () => {
    const { o, resolutions, held } = await postVoidRace(db.pool, newEngines(2));
    expect(o.filter((x) => x === 'created')).toHaveLength(1);
    expect(resolutions).toBe(1);
    expect(held).toBe(0n);
  });

  it('post and void of one pending transfer at once on two engines: the loser is refused with a code', async () => {
    const { o } = await postVoidRace(db.pool, newEngines(2));
    expect(o.filter((x) => x === 'created')).toHaveLength(1);
    expect(
      o.filter((x) => x === 'PENDING_TRANSFER_ALREADY_POSTED' || x === 'PENDING_TRANSFER_ALREADY_VOIDED'),
    ).toHaveLength(1);
  });

  it('two sweepers expiring the same pending transfer at once: expired exactly once', async () => {
    const { settled, resolutions } = await sweeperRace(db.pool, newEngines(2));
    expect(resolutions).toBe(1);
    expect(settled.filter((s) => s.status === 'fulfilled' && s.value === 1).length).toBeLessThanOrEqual(1);
  });

  it('two sweepers expiring the same pending transfer at once: both return, 1 expired in total', async () => {
    const { settled } = await sweeperRace(db.pool, newEngines(2));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled']);
    const counts = settled.map((s) => (s.status === 'fulfilled' ? s.value : -1));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
  });
});
