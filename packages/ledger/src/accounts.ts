import type pg from 'pg';
import { canonicalJson } from './canonical.ts';
import { ACCOUNT_COLUMNS, rowToAccount, rowToTransfer, TRANSFER_COLUMNS } from './rows.ts';
import type { Account, NewAccount, Transfer } from './types.ts';

export type CreateAccountResult =
  | { ok: true; status: 'created' | 'exists'; account: Account }
  | { ok: false; code: 'ID_ALREADY_USED_WITH_DIFFERENT_FIELDS' | 'LEDGER_NOT_FOUND' | 'INVALID_ACCOUNT' };

/** Creates accounts idempotently: the same id with the same fields returns the existing account. */
export async function createAccounts(
  db: pg.ClientBase | pg.Pool,
  accounts: NewAccount[],
): Promise<CreateAccountResult[]> {
  const out: CreateAccountResult[] = [];
  for (const a of accounts) {
    if (!Number.isInteger(a.code) || a.code <= 0 || ((a.flags ?? 0) & 3) === 3) {
      out.push({ ok: false, code: 'INVALID_ACCOUNT' });
      continue;
    }
    const ledger = await db.query('SELECT 1 FROM ledger_ledgers WHERE ledger = $1', [a.ledger]);
    if (ledger.rowCount === 0) {
      out.push({ ok: false, code: 'LEDGER_NOT_FOUND' });
      continue;
    }
    const ins = await db.query(
      `INSERT INTO ledger_accounts (id, ledger, code, owner_id, flags, max_credit_balance, user_data)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING RETURNING ${ACCOUNT_COLUMNS}`,
      [
        a.id,
        a.ledger,
        a.code,
        a.ownerId ?? null,
        a.flags ?? 0,
        a.maxCreditBalance?.toString() ?? null,
        JSON.stringify(a.userData ?? {}),
      ],
    );
    if (ins.rows[0]) {
      out.push({ ok: true, status: 'created', account: rowToAccount(ins.rows[0]) });
      continue;
    }
    const existing = (await lookupAccounts(db, [a.id]))[0]!;
    const same =
      existing.ledger === a.ledger &&
      existing.code === a.code &&
      existing.ownerId === (a.ownerId ?? null) &&
      (existing.flags & 3) === ((a.flags ?? 0) & 3) &&
      canonicalJson(existing.userData) === canonicalJson(a.userData ?? {});
    out.push(
      same
        ? { ok: true, status: 'exists', account: existing }
        : { ok: false, code: 'ID_ALREADY_USED_WITH_DIFFERENT_FIELDS' },
    );
  }
  return out;
}

export async function lookupAccounts(db: pg.ClientBase | pg.Pool, ids: string[]): Promise<Account[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query(
    `SELECT ${ACCOUNT_COLUMNS} FROM ledger_accounts WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  const byId = new Map(rows.map((r) => [r.id as string, rowToAccount(r)]));
  return ids.map((id) => byId.get(id)).filter((a): a is Account => !!a);
}

export async function lookupTransfers(db: pg.ClientBase | pg.Pool, ids: string[]): Promise<Transfer[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query(
    `SELECT ${TRANSFER_COLUMNS} FROM ledger_transfers WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  const byId = new Map(rows.map((r) => [r.id as string, rowToTransfer(r)]));
  return ids.map((id) => byId.get(id)).filter((t): t is Transfer => !!t);
}

/**
 * Changes an account's non-balance settings (closed flag, tier cap). Balances are untouchable here.
 * A cap below what the account already holds (posted credits plus pending credits, less posted
 * debits) would violate the balance CHECK; `clampToHeld` sets the cap to that amount instead, so a
 * lowered cap stops further inflows but never touches money already there. Returns the cap applied.
 */
export async function updateAccountSettings(
  db: pg.ClientBase | pg.Pool,
  id: string,
  settings: { closed?: boolean; maxCreditBalance?: bigint | null; clampToHeld?: boolean },
): Promise<{ maxCreditBalance: bigint | null } | undefined> {
  if (settings.closed !== undefined) {
    await db.query(
      `UPDATE ledger_accounts SET flags = CASE WHEN $2 THEN flags | 4 ELSE flags & ~4 END WHERE id = $1`,
      [id, settings.closed],
    );
  }
  if (settings.maxCreditBalance !== undefined) {
    const { rows } = await db.query(
      `UPDATE ledger_accounts
          SET max_credit_balance = CASE
                WHEN $2::bigint IS NULL THEN NULL
                WHEN $3 THEN GREATEST($2::bigint, credits_posted + credits_pending - debits_posted)
                ELSE $2::bigint END
        WHERE id = $1 RETURNING max_credit_balance`,
      [id, settings.maxCreditBalance?.toString() ?? null, settings.clampToHeld === true],
    );
    const cap = rows[0]?.max_credit_balance;
    return { maxCreditBalance: cap === null || cap === undefined ? null : BigInt(cap) };
  }
  return undefined;
}
