import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.ts';
import { createAccounts, lookupAccounts } from './accounts.ts';
import { createLedgerEngine } from './engine.ts';
import { uuidv7 } from './ids.ts';
import { lookupTransfers } from './index.ts';
import { AccountFlags } from './types.ts';

/**
 * The commit hook's statements belong to the batch's transaction even when the hook issues them
 * after an await (the engine sends its writes without waiting in between): a hook statement that
 * fails late must leave nothing behind, and one that succeeds late must commit with the money.
 */
let db: TestDatabase;
const BANK = uuidv7();
const ALICE = uuidv7();

beforeAll(async () => {
  db = await createTestDatabase();
  await createAccounts(db.pool, [
    { id: BANK, ledger: 156, code: 1 },
    { id: ALICE, ledger: 156, code: 2, flags: AccountFlags.debitsMustNotExceedCredits },
  ]);
});
afterAll(async () => {
  await db.drop();
});

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('ledger engine commit hook', () => {
  it('a statement the hook issues late still commits with the transfer', async () => {
    const engine = createLedgerEngine({
      pool: db.pool,
      onCommit: async (tx, created) => {
        await tick();
        await tx.query('INSERT INTO ledger_limit_usage (key, used, max_allowed) VALUES ($1, 0, 1)', [
          `hook:${created[0]!.transfer.id}`,
        ]);
      },
    });
    const id = uuidv7();
    const [r] = await engine.submit([
      { id, debitAccountId: BANK, creditAccountId: ALICE, amount: 100n, ledger: 156, code: 1 },
    ]);
    expect(r!.ok).toBe(true);
    const { rows } = await db.pool.query('SELECT 1 FROM ledger_limit_usage WHERE key = $1', [`hook:${id}`]);
    expect(rows).toHaveLength(1);
    await engine.close();
  });

  it('a hook statement that fails late leaves neither the transfer nor the balance change', async () => {
    const before = (await lookupAccounts(db.pool, [ALICE]))[0]!.creditsPosted;
    const engine = createLedgerEngine({
      pool: db.pool,
      onCommit: async (tx) => {
        await tick();
        await tx.query('SELECT 1/0');
      },
    });
    const id = uuidv7();
    await expect(
      engine.submit([
        { id, debitAccountId: BANK, creditAccountId: ALICE, amount: 100n, ledger: 156, code: 1 },
      ]),
    ).rejects.toThrow(/division by zero/);
    await tick();
    expect(await lookupTransfers(db.pool, [id])).toEqual([]);
    expect((await lookupAccounts(db.pool, [ALICE]))[0]!.creditsPosted).toBe(before);
    await engine.close();
  });
});
