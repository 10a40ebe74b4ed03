import type pg from 'pg';
import type { BatchState, Resolution } from './batch-state.ts';
import { rowToTransfer, TRANSFER_COLUMNS } from './rows.ts';
import { TransferFlags as TF, type Transfer, type TransferInput } from './types.ts';
import type { Accepted } from './validate.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const uuids = (xs: Iterable<string | undefined>) => [
  ...new Set([...xs].filter((x): x is string => !!x && UUID.test(x))),
];

/** An array literal of UUIDs (validated, so nothing to escape): cheaper than pg's per-element quoting. */
export function uuidArray(ids: readonly string[]): string {
  return `{${ids.join(',')}}`;
}

/** Whether any of these ids is a stored transfer. */
export async function anyTransferStored(client: pg.ClientBase, ids: string[]): Promise<boolean> {
  const valid = uuids(ids);
  if (valid.length === 0) return false;
  const { rowCount } = await client.query(
    'SELECT 1 FROM ledger_transfers WHERE id = ANY($1::uuid[]) LIMIT 1',
    [uuidArray(valid)],
  );
  return (rowCount ?? 0) > 0;
}

function resolutionOf(flags: number | null): Resolution | null {
  if (flags === null) return null;
  if ((flags & TF.postPending) !== 0) return 'posted';
  if ((flags & TF.expired) !== 0) return 'expired';
  return 'voided';
}

/**
 * Loads what validation needs and locks the touched accounts and limit rows (FOR UPDATE, in id
 * order so that concurrent writers cannot deadlock). Transfers are read AFTER the locks: under
 * READ COMMITTED that statement sees every commit of a writer that held those locks before us, so
 * a transfer (or a pending's resolution) committed by another engine in the meantime is seen.
 * With `existing: false` the batch's own ids are not looked up (referenced pendings always are):
 * the caller then proves them new otherwise (see engine.ts).
 */
export async function loadBatchState(
  client: pg.ClientBase,
  transfers: TransferInput[],
  opts: { existing: boolean } = { existing: true },
): Promise<BatchState> {
  const ids = opts.existing ? uuids(transfers.map((t) => t.id)) : [];
  const pendingIds = uuids(transfers.map((t) => t.pendingId));
  // Accounts of referenced pending transfers (immutable rows: safe to read before locking).
  const pendingAccounts: string[] = [];
  const pendingLimits: BatchState['pendingLimits'] = new Map();
  if (pendingIds.length > 0) {
    const { rows } = await client.query(
      `SELECT t.id, t.debit_account_id, t.credit_account_id, l.key, l.amount
         FROM ledger_transfers t LEFT JOIN ledger_pending_limits l ON l.pending_id = t.id
        WHERE t.id = ANY($1::uuid[])`,
      [pendingIds],
    );
    for (const r of rows) {
      pendingAccounts.push(r.debit_account_id, r.credit_account_id);
      if (r.key !== null) {
        const list = pendingLimits.get(r.id) ?? [];
        list.push({ key: r.key, amount: BigInt(r.amount) });
        pendingLimits.set(r.id, list);
      }
    }
  }
  const accountIds = uuids([
    ...transfers.flatMap((t) => [t.debitAccountId, t.creditAccountId]),
    ...pendingAccounts,
  ]).sort();
  const accounts: BatchState['accounts'] = new Map();
  if (accountIds.length > 0) {
    // Only what validation needs, as arrays: a batch locks thousands of accounts.
    const { rows } = await client.query({
      text: `SELECT id, ledger, flags, debits_pending, debits_posted, credits_pending, credits_posted, max_credit_balance
               FROM ledger_accounts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      values: [uuidArray(accountIds)],
      rowMode: 'array',
    });
    for (const r of rows) {
      accounts.set(r[0], {
        id: r[0],
        ledger: Number(r[1]),
        flags: Number(r[2]),
        debitsPending: BigInt(r[3]),
        debitsPosted: BigInt(r[4]),
        creditsPending: BigInt(r[5]),
        creditsPosted: BigInt(r[6]),
        maxCreditBalance: r[7] === null ? null : BigInt(r[7]),
      });
    }
  }
  const limitKeys = [
    ...new Set([
      ...transfers.flatMap((t) => (t.limits ?? []).map((l) => l.key)),
      ...[...pendingLimits.values()].flatMap((ls) => ls.map((l) => l.key)),
    ]),
  ].sort();
  const limits = new Map<string, bigint>();
  if (limitKeys.length > 0) {
    const { rows } = await client.query(
      'SELECT key, used FROM ledger_limit_usage WHERE key = ANY($1::text[]) ORDER BY key FOR UPDATE',
      [limitKeys],
    );
    for (const row of rows) limits.set(row.key, BigInt(row.used));
  }
  const lookup = uuids([...ids, ...pendingIds]);
  const existing = new Map<string, Transfer>();
  const pendings: BatchState['pendings'] = new Map();
  if (lookup.length > 0) {
    const { rows } = await client.query(
      `SELECT ${TRANSFER_COLUMNS.replace(/(\w+)/g, 't.$1')}, r.flags AS res_flags
         FROM ledger_transfers t LEFT JOIN ledger_transfers r ON r.pending_id = t.id
        WHERE t.id = ANY($1::uuid[])`,
      [lookup],
    );
    const idSet = new Set(ids);
    const pendingSet = new Set(pendingIds);
    for (const row of rows) {
      const t = rowToTransfer(row);
      if (idSet.has(t.id)) existing.set(t.id, t);
      if (pendingSet.has(t.id)) {
        pendings.set(t.id, {
          transfer: t,
          resolution: resolutionOf(row.res_flags === null ? null : Number(row.res_flags)),
        });
      }
    }
  }
  return { accounts, existing, pendings, limits, pendingLimits };
}

/** One set-based INSERT for the whole batch; the statement trigger applies balances. */
export async function insertTransfers(
  client: pg.ClientBase,
  accepted: Accepted[],
): Promise<Map<string, bigint>> {
  if (accepted.length === 0) return new Map();
  const createdAt = accepted[0]!.transfer.createdAt;
  const n = accepted.length;
  const id = new Array<string>(n);
  const dr = new Array<string>(n);
  const cr = new Array<string>(n);
  const amount = new Array<string>(n);
  const ledger = new Array<number>(n);
  const code = new Array<number>(n);
  const flags = new Array<number>(n);
  const pending = new Array<string | null>(n);
  const expires = new Array<string | null>(n);
  const data = new Array<string | null>(n);
  for (let i = 0; i < n; i++) {
    const t = accepted[i]!.transfer;
    // Validation stamps one clock reading on the whole batch: it is sent once.
    if (t.createdAt.getTime() !== createdAt.getTime()) throw new Error('a batch has one created_at');
    id[i] = t.id;
    dr[i] = t.debitAccountId;
    cr[i] = t.creditAccountId;
    amount[i] = t.amount.toString();
    ledger[i] = t.ledger;
    code[i] = t.code;
    flags[i] = t.flags;
    pending[i] = t.pendingId;
    expires[i] = t.expiresAt ? t.expiresAt.toISOString() : null;
    data[i] = isEmpty(t.userData) ? null : JSON.stringify(t.userData);
  }
  // Validated UUIDs and integers need no escaping: joined into array literals directly.
  const { rows } = await client.query({
    text: `INSERT INTO ledger_transfers (id, debit_account_id, credit_account_id, amount, ledger, code, flags,
              pending_id, expires_at, user_data, created_at)
           SELECT id, dr, cr, amount, ledger, code, flags, pending, expires, coalesce(data, '{}'::jsonb), $11::timestamptz
             FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::bigint[], $5::int[], $6::int[], $7::int[],
                         $8::uuid[], $9::timestamptz[], $10::jsonb[])
                  AS u(id, dr, cr, amount, ledger, code, flags, pending, expires, data)
           RETURNING id, seq`,
    values: [
      uuidArray(id),
      uuidArray(dr),
      uuidArray(cr),
      `{${amount.join(',')}}`,
      `{${ledger.join(',')}}`,
      `{${code.join(',')}}`,
      `{${flags.join(',')}}`,
      pending,
      expires,
      data,
      createdAt.toISOString(),
    ],
    rowMode: 'array',
  });
  const seqs = new Map<string, bigint>();
  for (const r of rows) seqs.set(r[0], BigInt(r[1]));
  return seqs;
}

function isEmpty(o: Record<string, unknown>): boolean {
  for (const _ in o) return false;
  return true;
}

/** Adds the accepted transfers' limit usage as deltas (safe even against another writer). */
export async function upsertLimits(client: pg.ClientBase, accepted: Accepted[]): Promise<void> {
  const deltas = new Map<string, { delta: bigint; max: bigint }>();
  for (const { limitDeltas } of accepted) {
    for (const l of limitDeltas) {
      const d = deltas.get(l.key);
      deltas.set(l.key, { delta: (d?.delta ?? 0n) + l.amount, max: l.max ?? d?.max ?? 0n });
    }
  }
  if (deltas.size === 0) return;
  const keys = [...deltas.keys()].sort();
  // Deltas, not absolute values: correct even if another writer touched the row; the CHECK
  // (used <= max_allowed) is the database's backstop. A release never lowers the bound.
  await client.query(
    `WITH d AS (SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS u(key, delta, max))
     INSERT INTO ledger_limit_usage AS l (key, used, max_allowed)
     SELECT key, greatest(delta, 0), max FROM d
     ON CONFLICT (key) DO UPDATE SET
       used = greatest(l.used + (SELECT delta FROM d WHERE d.key = EXCLUDED.key), 0),
       max_allowed = CASE WHEN (SELECT delta FROM d WHERE d.key = EXCLUDED.key) > 0 THEN EXCLUDED.max_allowed
                          ELSE greatest(l.max_allowed, EXCLUDED.max_allowed) END,
       updated_at = now()`,
    [keys, keys.map((k) => deltas.get(k)!.delta.toString()), keys.map((k) => deltas.get(k)!.max.toString())],
  );
}

/** Remembers the limit usage taken by accepted pending transfers (for release on void/expiry). */
export async function insertPendingLimits(client: pg.ClientBase, accepted: Accepted[]): Promise<void> {
  const rows = accepted.flatMap((a) =>
    (a.transfer.flags & TF.pending) === 0
      ? []
      : (a.input.limits ?? [])
          .filter((l) => l.amount > 0n)
          .map((l) => [a.transfer.id, l.key, l.amount.toString()]),
  );
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO ledger_pending_limits (pending_id, key, amount)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[])`,
    [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])],
  );
}
