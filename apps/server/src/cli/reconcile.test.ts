import { createAccounts, createLedgerEngine, uuidv7 } from '@yinbao/ledger';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/helpers/db.ts';
import { reconcileCommand } from './reconcile.ts';

let db: TestDatabase;
const A = uuidv7();
const B = uuidv7();

beforeAll(async () => {
  db = await createTestDatabase();
  await createAccounts(db.pool, [
    { id: A, ledger: 156, code: 1 },
    { id: B, ledger: 156, code: 2 },
  ]);
  const engine = createLedgerEngine({ pool: db.pool });
  await engine.submit([
    { id: uuidv7(), debitAccountId: A, creditAccountId: B, amount: 500n, ledger: 156, code: 1 },
  ]);
  await engine.close();
});
afterAll(async () => {
  await db.drop();
});

describe('yinbao reconcile', () => {
  it('exits 0 when every balance matches its transfers, 1 with each break printed', async () => {
    const out: string[] = [];
    expect(await reconcileCommand(db.pool, (m) => out.push(m))).toBe(0);
    expect(out.at(-1)).toBe('reconcile: no breaks');

    const owner = new pg.Client({ connectionString: db.url });
    await owner.connect();
    try {
      await owner.query('SET session_replication_role = replica');
      await owner.query('UPDATE ledger_accounts SET debits_posted = debits_posted - 1 WHERE id = $1', [A]);
    } finally {
      await owner.end();
    }
    const broken: string[] = [];
    expect(await reconcileCommand(db.pool, (m) => broken.push(m))).toBe(1);
    expect(broken).toContain(`BREAK account ${A} (ledger 156) debits_posted: stored 499, from transfers 500`);
    expect(broken.some((l) => l.startsWith('BREAK ledger 156 does not balance: posted -1'))).toBe(true);
    expect(broken.at(-1)).toBe('reconcile: 2 break(s)');
  });
});
