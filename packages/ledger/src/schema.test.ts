import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const A = '00000000-0000-7000-8000-00000000000a';
const B = '00000000-0000-7000-8000-00000000000b';

describe('ledger schema (database-enforced invariants)', () => {
  it('applies transfers to balances and keeps per-ledger totals at zero', async () => {
    await db.pool.query(
      `INSERT INTO ledger_accounts (id, ledger, code, flags) VALUES ($1, 156, 1, 0), ($2, 156, 1, 1)`,
      [A, B],
    );
    await db.pool.query(
      `INSERT INTO ledger_transfers (id, debit_account_id, credit_account_id, amount, ledger, code, created_at)
       VALUES (gen_random_uuid(), $1, $2, 500, 156, 1, now())`,
      [A, B],
    );
    const { rows } = await db.pool.query(
      'SELECT id, debits_posted, credits_posted FROM ledger_accounts WHERE id = ANY($1) ORDER BY id',
      [[A, B]],
    );
    expect(rows.map((r) => [r.debits_posted, r.credits_posted])).toEqual([
      [500n, 0n],
      [0n, 500n],
    ]);
    const totals = await db.pool.query(
      'SELECT posted_imbalance, pending_imbalance FROM ledger_totals WHERE ledger = 156',
    );
    expect(totals.rows[0]).toEqual({ posted_imbalance: '0', pending_imbalance: '0' });
  });

  it('refuses to overdraw a flagged account', async () => {
    await expect(
      db.pool.query(
        `INSERT INTO ledger_transfers (id, debit_account_id, credit_account_id, amount, ledger, code, created_at)
         VALUES (gen_random_uuid(), $1, $2, 501, 156, 1, now())`,
        [B, A],
      ),
    ).rejects.toThrow(/debits_must_not_exceed_credits/);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of transfers and direct balance edits', async () => {
    // The application role lacks the privileges; the owner meets the append-only triggers.
    await expect(db.pool.query('UPDATE ledger_transfers SET amount = 1')).rejects.toThrow(
      /permission denied/,
    );
    await expect(db.pool.query('DELETE FROM ledger_transfers')).rejects.toThrow(/permission denied/);
    const owner = new pg.Client({ connectionString: db.url });
    await owner.connect();
    try {
      await expect(owner.query('UPDATE ledger_transfers SET amount = 1')).rejects.toThrow(/append-only/);
      await expect(owner.query('DELETE FROM ledger_transfers')).rejects.toThrow(/append-only/);
      await expect(owner.query('TRUNCATE ledger_transfers CASCADE')).rejects.toThrow(/append-only/);
    } finally {
      await owner.end();
    }
    await expect(db.pool.query('UPDATE ledger_accounts SET credits_posted = 10000')).rejects.toThrow(
      /only through transfers/,
    );
    await expect(db.pool.query('DELETE FROM ledger_accounts')).rejects.toThrow(/append-only/);
    await expect(
      db.pool.query(
        `INSERT INTO ledger_accounts (id, ledger, code, credits_posted) VALUES (gen_random_uuid(), 156, 1, 5)`,
      ),
    ).rejects.toThrow(/zero balances/);
  });

  it('refuses a transfer across ledgers', async () => {
    const U = '00000000-0000-7000-8000-0000000000cc';
    await db.pool.query(`INSERT INTO ledger_accounts (id, ledger, code) VALUES ($1, 840, 1)`, [U]);
    await expect(
      db.pool.query(
        `INSERT INTO ledger_transfers (id, debit_account_id, credit_account_id, amount, ledger, code, created_at)
         VALUES (gen_random_uuid(), $1, $2, 1, 156, 1, now())`,
        [A, U],
      ),
    ).rejects.toThrow(/crosses ledgers/);
  });
});
