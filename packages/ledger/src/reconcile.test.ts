import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.ts';
import { createAccounts } from './accounts.ts';
import { createLedgerEngine } from './engine.ts';
import { uuidv7 } from './ids.ts';
import { reconcileLedger } from './reconcile.ts';
import { AccountFlags, TransferFlags as TF } from './types.ts';

let db: TestDatabase;
const BANK = uuidv7();
const ALICE = uuidv7();
const BOB = uuidv7();

beforeAll(async () => {
  db = await createTestDatabase();
  await createAccounts(db.pool, [
    { id: BANK, ledger: 156, code: 1 },
    { id: ALICE, ledger: 156, code: 2, flags: AccountFlags.debitsMustNotExceedCredits },
    { id: BOB, ledger: 156, code: 2, flags: AccountFlags.debitsMustNotExceedCredits },
  ]);
});
afterAll(async () => {
  await db.drop();
});

const t = (debit: string, credit: string, amount: bigint, extra = {}) => ({
  id: uuidv7(),
  debitAccountId: debit,
  creditAccountId: credit,
  amount,
  ledger: 156,
  code: 1,
  ...extra,
});

describe('reconcileLedger', () => {
  it('finds no break after ordinary, pending, posted, voided and open transfers', async () => {
    const engine = createLedgerEngine({ pool: db.pool });
    const posted = t(ALICE, BOB, 300n, { flags: TF.pending, timeoutSeconds: 3600 });
    const voided = t(ALICE, BOB, 200n, { flags: TF.pending, timeoutSeconds: 3600 });
    const open = t(ALICE, BOB, 100n, { flags: TF.pending, timeoutSeconds: 3600 });
    for (const batch of [
      [t(BANK, ALICE, 10_000n)],
      [posted, voided, open],
      [t(ALICE, BOB, 50n)],
      [{ ...t(ALICE, BOB, 250n), flags: TF.postPending, pendingId: posted.id }],
      [{ ...t(ALICE, BOB, 200n), flags: TF.voidPending, pendingId: voided.id }],
    ]) {
      for (const r of await engine.submit(batch)) expect(r.ok ? 'ok' : r.code).toBe('ok');
    }
    await engine.close();
    const r = await reconcileLedger(db.pool);
    expect(r.breaks).toEqual([]);
    expect(r.imbalances).toEqual([]);
    expect(r.accounts).toBeGreaterThanOrEqual(3);
    expect(r.transfers).toBe(7);
  });

  it('reports a balance written around the trigger, and the imbalance it makes', async () => {
    // Only the owner can switch triggers off: what a bug or a person with database access could do.
    const owner = new pg.Client({ connectionString: db.url });
    await owner.connect();
    try {
      await owner.query('SET session_replication_role = replica');
      await owner.query('UPDATE ledger_accounts SET credits_posted = credits_posted + 7 WHERE id = $1', [
        BOB,
      ]);
    } finally {
      await owner.end();
    }
    const r = await reconcileLedger(db.pool);
    expect(r.breaks).toEqual([
      { accountId: BOB, ledger: 156, column: 'credits_posted', stored: 307n, recomputed: 300n },
    ]);
    expect(r.imbalances).toEqual([{ ledger: 156, posted: -7n, pending: 0n }]);
  });
});
