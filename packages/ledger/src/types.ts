/** Account flags (bit values stored in ledger_accounts.flags). */
export const AccountFlags = {
  debitsMustNotExceedCredits: 1,
  creditsMustNotExceedDebits: 2,
  closed: 4,
} as const;

/** Transfer flags (bit values stored in ledger_transfers.flags). */
export const TransferFlags = {
  linked: 1,
  pending: 2,
  postPending: 4,
  voidPending: 8,
  /** A void written by the expiry sweeper. */
  expired: 16,
} as const;

export type Account = {
  id: string;
  ledger: number;
  code: number;
  ownerId: string | null;
  flags: number;
  debitsPending: bigint;
  debitsPosted: bigint;
  creditsPending: bigint;
  creditsPosted: bigint;
  maxCreditBalance: bigint | null;
  userData: Record<string, unknown>;
  createdAt: Date;
};

export type NewAccount = {
  id: string;
  ledger: number;
  code: number;
  ownerId?: string | null;
  flags?: number;
  maxCreditBalance?: bigint | null;
  userData?: Record<string, unknown>;
};

export type Transfer = {
  id: string;
  seq: bigint;
  debitAccountId: string;
  creditAccountId: string;
  amount: bigint;
  ledger: number;
  code: number;
  flags: number;
  pendingId: string | null;
  expiresAt: Date | null;
  userData: Record<string, unknown>;
  createdAt: Date;
};

/** A per-key spend counter checked and incremented with the transfer (e.g. daily wallet limit). */
export type LimitCheck = { key: string; amount: bigint; max: bigint };

export type TransferInput = {
  id: string;
  /** For post/void the accounts may be omitted: they are taken from the pending transfer. */
  debitAccountId?: string;
  creditAccountId?: string;
  /** For a void, omitted or equal to the pending amount; for a post, at most the pending amount (default: all). */
  amount?: bigint;
  ledger: number;
  code: number;
  flags?: number;
  pendingId?: string;
  /** Pending transfers only: seconds until the sweeper voids it. 0 or absent = never. */
  timeoutSeconds?: number;
  userData?: Record<string, unknown>;
  limits?: LimitCheck[];
  /** Opaque effects handed to the commit hook when the transfer is created (e.g. outbox events). */
  effects?: unknown[];
};

export type TransferErrorCode =
  | 'ID_ALREADY_USED_WITH_DIFFERENT_FIELDS'
  | 'LINKED_EVENT_FAILED'
  | 'LINKED_EVENT_CHAIN_OPEN'
  | 'INVALID_ID'
  | 'INVALID_FLAGS'
  | 'ACCOUNTS_MUST_BE_DIFFERENT'
  | 'DEBIT_ACCOUNT_NOT_FOUND'
  | 'CREDIT_ACCOUNT_NOT_FOUND'
  | 'LEDGER_MISMATCH'
  | 'AMOUNT_MUST_BE_POSITIVE'
  | 'AMOUNT_TOO_LARGE'
  | 'INVALID_CODE'
  | 'TIMEOUT_RESERVED_FOR_PENDING'
  | 'DEBIT_ACCOUNT_CLOSED'
  | 'CREDIT_ACCOUNT_CLOSED'
  | 'EXCEEDS_CREDITS'
  | 'EXCEEDS_DEBITS'
  | 'EXCEEDS_MAX_CREDIT_BALANCE'
  | 'LIMIT_EXCEEDED'
  | 'PENDING_ID_REQUIRED'
  | 'PENDING_TRANSFER_NOT_FOUND'
  | 'PENDING_TRANSFER_NOT_PENDING'
  | 'PENDING_TRANSFER_HAS_DIFFERENT_ACCOUNTS'
  | 'PENDING_TRANSFER_ALREADY_POSTED'
  | 'PENDING_TRANSFER_ALREADY_VOIDED'
  | 'PENDING_TRANSFER_EXPIRED'
  | 'EXCEEDS_PENDING_TRANSFER_AMOUNT'
  | 'PENDING_AMOUNT_MISMATCH';

export type TransferResult =
  | { ok: true; status: 'created' | 'exists'; transfer: Transfer }
  | { ok: false; code: TransferErrorCode; detail?: string };

/** Largest amount a single transfer may carry: keeps every sum inside BIGINT. */
export const MAX_AMOUNT = 10n ** 18n - 1n;
