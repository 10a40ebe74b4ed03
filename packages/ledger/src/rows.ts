import type { Account, Transfer } from './types.ts';

type Row = Record<string, unknown>;
const big = (v: unknown): bigint => BigInt(v as string | bigint);

export const ACCOUNT_COLUMNS = `id, ledger, code, owner_id, flags, debits_pending, debits_posted, credits_pending,
  credits_posted, max_credit_balance, user_data, created_at`;

export const TRANSFER_COLUMNS = `id, seq, debit_account_id, credit_account_id, amount, ledger, code, flags, pending_id,
  expires_at, user_data, created_at`;

export function rowToAccount(r: Row): Account {
  return {
    id: r.id as string,
    ledger: Number(r.ledger),
    code: Number(r.code),
    ownerId: (r.owner_id as string | null) ?? null,
    flags: Number(r.flags),
    debitsPending: big(r.debits_pending),
    debitsPosted: big(r.debits_posted),
    creditsPending: big(r.credits_pending),
    creditsPosted: big(r.credits_posted),
    maxCreditBalance: r.max_credit_balance === null ? null : big(r.max_credit_balance),
    userData: (r.user_data as Record<string, unknown>) ?? {},
    createdAt: r.created_at as Date,
  };
}

export function rowToTransfer(r: Row): Transfer {
  return {
    id: r.id as string,
    seq: big(r.seq),
    debitAccountId: r.debit_account_id as string,
    creditAccountId: r.credit_account_id as string,
    amount: big(r.amount),
    ledger: Number(r.ledger),
    code: Number(r.code),
    flags: Number(r.flags),
    pendingId: (r.pending_id as string | null) ?? null,
    expiresAt: (r.expires_at as Date | null) ?? null,
    userData: (r.user_data as Record<string, unknown>) ?? {},
    createdAt: r.created_at as Date,
  };
}

/** Available balance of an account that must not go negative: credits minus debits, pending debits held. */
export function availableBalance(a: Account): bigint {
  return a.creditsPosted - a.debitsPosted - a.debitsPending;
}
