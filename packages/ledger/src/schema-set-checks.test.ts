import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.ts';

// Migration 0361 (ADR 0006): the statement trigger, not per-row foreign keys, refuses transfers that
// reference a missing account or pending transfer; balances of a refused statement stay untouched.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const A = '00000000-0000-7000-8000-0000000000a1';
const B = '00000000-0000-7000-8000-0000000000b1';
const C = '00000000-0000-7000-8000-0000000000c1'; // closed
const MISSING = '00000000-0000-7000-8000-0000000000ff';

const insert = (rows: Array<[string, string, number, number?, string?]>) =>
  db.pool.query(
    `INSERT INTO ledger_transfers (id, debit_account_id, credit_account_id, amount, ledger, code, flags, pending_id, created_at)
     SELECT gen_random_uuid(), d, c, a, 156, 1, coalesce(f, 0), p, now()
       FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::int[], $5::uuid[]) AS u(d, c, a, f, p)`,
    [
      rows.map((r) => r[0]),
      rows.map((r) => r[1]),
      rows.map((r) => r[2]),
      rows.map((r) => r[3] ?? 0),
      rows.map((r) => r[4] ?? null),
    ],
  );
const balances = async () =>
  (
    await db.pool.query(
      'SELECT debits_posted, credits_posted, debits_pending, credits_pending FROM ledger_accounts WHERE id = ANY($1) ORDER BY id',
      [[A, B, C]],
    )
  ).rows.map((r) =>
    [r.debits_posted, r.credits_posted, r.debits_pending, r.credits_pending].map(String).join('/'),
  );

describe('ledger schema: set-based checks of the statement trigger', () => {
  it('refuses a statement that references a missing account, and applies nothing of it', async () => {
    await db.pool.query(
      `INSERT INTO ledger_accounts (id, ledger, code, flags) VALUES ($1, 156, 1, 0), ($2, 156, 1, 0), ($3, 156, 1, 0)`,
      [A, B, C],
    );
    await insert([[A, B, 10]]);
    const before = await balances();
    await expect(
      insert([
        [A, B, 5],
        [A, MISSING, 1],
      ]),
    ).rejects.toMatchObject({ code: '23503' });
    await expect(insert([[MISSING, B, 1]])).rejects.toThrow(/does not exist/);
    expect(await balances()).toEqual(before);
  });

  it('refuses new money on a closed account but lets a hold on it be voided', async () => {
    const pending = '00000000-0000-7000-8000-0000000000d1';
    await db.pool.query(
      `INSERT INTO ledger_transfers (id, debit_account_id, credit_account_id, amount, ledger, code, flags, created_at)
       VALUES ($1, $2, $3, 7, 156, 1, 2, now())`,
      [pending, A, C],
    );
    await db.pool.query('UPDATE ledger_accounts SET flags = 4 WHERE id = $1', [C]);
    await expect(insert([[A, C, 1]])).rejects.toThrow(/closed account/);
    await insert([[A, C, 7, 8, pending]]);
    const { rows } = await db.pool.query(
      'SELECT debits_pending, credits_pending FROM ledger_accounts WHERE id = $1',
      [C],
    );
    expect(rows[0]).toEqual({ debits_pending: 0n, credits_pending: 0n });
  });

  it('refuses a resolution of a pending transfer that does not exist', async () => {
    await expect(insert([[A, B, 1, 8, MISSING]])).rejects.toThrow(/does not match its pending transfer/);
  });
});
