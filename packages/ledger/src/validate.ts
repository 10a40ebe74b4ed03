import { type AccountState, type BatchState, Journal } from './batch-state.ts';
import { canonicalJson } from './canonical.ts';
import {
  AccountFlags as AF,
  MAX_AMOUNT,
  TransferFlags as TF,
  type Transfer,
  type TransferErrorCode,
  type TransferInput,
  type TransferResult,
} from './types.ts';

const INT8_MAX = 2n ** 63n - 1n;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RESOLVE = TF.postPending | TF.voidPending | TF.expired;

/** A transfer accepted by validation, to be inserted (seq is assigned by the database). */
export type Accepted = {
  transfer: Omit<Transfer, 'seq'>;
  input: TransferInput;
  /** Counter changes: the transfer's own limits, plus usage given back when a pending is resolved. */
  limitDeltas: { key: string; amount: bigint; max?: bigint }[];
};

type Fail = { ok: false; code: TransferErrorCode; detail?: string };
const fail = (code: TransferErrorCode, detail?: string): Fail =>
  detail ? { ok: false, code, detail } : { ok: false, code };

export type ValidateOptions = {
  now: Date;
  /** Events allowed to use the `expired` flag (the sweeper's). */
  internal?: (eventIndex: number) => boolean;
};
type ApplyOptions = { now: Date; allowExpiredFlag: boolean };

/**
 * Validates and applies a batch of events (each an array of transfers, possibly linked) against
 * the loaded state, in order. Pure and deterministic: the same state and events give the same
 * results. Mutates `state` to reflect the accepted transfers.
 */
export function validateBatch(
  state: BatchState,
  events: TransferInput[][],
  opts: ValidateOptions,
): { results: TransferResult[][]; accepted: Accepted[] } {
  const created = new Map<string, Omit<Transfer, 'seq'>>();
  const accepted: Accepted[] = [];
  const journal = new Journal();
  const results = events.map((event, eventIndex) => {
    const applyOpts = { now: opts.now, allowExpiredFlag: opts.internal?.(eventIndex) ?? false };
    const out: TransferResult[] = new Array(event.length);
    let i = 0;
    while (i < event.length) {
      // A chain is a run of linked transfers closed by the first transfer without the linked flag.
      let end = i;
      while (end < event.length && ((event[end]!.flags ?? 0) & TF.linked) !== 0) end++;
      if (end === event.length) {
        for (let k = i; k < event.length; k++) out[k] = fail('LINKED_EVENT_CHAIN_OPEN');
        break;
      }
      journal.enabled = end > i;
      const mark = journal.mark();
      const acceptedMark = accepted.length;
      let failedAt = -1;
      for (let k = i; k <= end; k++) {
        const r = applyOne(state, created, accepted, journal, event[k]!, applyOpts);
        out[k] = r;
        if (!r.ok) {
          failedAt = k;
          break;
        }
      }
      if (failedAt >= 0 && end > i) {
        journal.rollbackTo(mark);
        for (const a of accepted.splice(acceptedMark)) created.delete(a.transfer.id);
        for (let k = i; k <= end; k++) if (k !== failedAt) out[k] = fail('LINKED_EVENT_FAILED');
      }
      i = end + 1;
    }
    return out;
  });
  return { results, accepted };
}

function applyOne(
  state: BatchState,
  created: Map<string, Omit<Transfer, 'seq'>>,
  accepted: Accepted[],
  journal: Journal,
  t: TransferInput,
  opts: ApplyOptions,
): TransferResult {
  if (typeof t.id !== 'string' || !UUID.test(t.id)) return fail('INVALID_ID');
  const flags = t.flags ?? 0;
  const kind = flags & ~TF.linked;
  if (flags < 0 || flags >= 32 || (kind & (kind - 1)) !== 0) return fail('INVALID_FLAGS');
  if ((kind & TF.expired) !== 0 && !opts.allowExpiredFlag)
    return fail('INVALID_FLAGS', 'expired is set by the sweeper');

  // Idempotency: a stored (or earlier in this batch) transfer with the same id wins.
  const prior = state.existing.get(t.id) ?? created.get(t.id);
  if (prior) {
    const candidate = resolveCandidate(state, created, t, flags);
    if (candidate.ok && sameTransfer(prior, candidate.value, t)) {
      return { ok: true, status: 'exists', transfer: prior as Transfer };
    }
    return fail('ID_ALREADY_USED_WITH_DIFFERENT_FIELDS');
  }
  if (!Number.isInteger(t.code) || t.code <= 0 || t.code > 2 ** 31 - 1) return fail('INVALID_CODE');
  if (t.timeoutSeconds && (kind & TF.pending) === 0) return fail('TIMEOUT_RESERVED_FOR_PENDING');
  if (t.timeoutSeconds !== undefined && (!Number.isInteger(t.timeoutSeconds) || t.timeoutSeconds < 0)) {
    return fail('INVALID_FLAGS', 'timeoutSeconds must be a non-negative integer');
  }

  const c = resolveCandidate(state, created, t, flags);
  if (!c.ok) return c;
  const stateError = pendingStateError(state, t, flags, opts.now);
  if (stateError) return fail(stateError);
  const { debitAccountId, creditAccountId, amount, pending } = c.value;
  if (debitAccountId === creditAccountId) return fail('ACCOUNTS_MUST_BE_DIFFERENT');
  if (amount <= 0n) return fail('AMOUNT_MUST_BE_POSITIVE');
  if (amount > MAX_AMOUNT) return fail('AMOUNT_TOO_LARGE');
  const dr = state.accounts.get(debitAccountId);
  const cr = state.accounts.get(creditAccountId);
  if (!dr) return fail('DEBIT_ACCOUNT_NOT_FOUND');
  if (!cr) return fail('CREDIT_ACCOUNT_NOT_FOUND');
  if (dr.ledger !== t.ledger || cr.ledger !== t.ledger) return fail('LEDGER_MISMATCH');

  const isResolution = (kind & RESOLVE) !== 0;
  const releasesOnly = (kind & (TF.voidPending | TF.expired)) !== 0;
  if (!releasesOnly && (dr.flags & AF.closed) !== 0) return fail('DEBIT_ACCOUNT_CLOSED');
  if (!releasesOnly && (cr.flags & AF.closed) !== 0) return fail('CREDIT_ACCOUNT_CLOSED');

  // Balance deltas of this transfer.
  const p = pending?.amount ?? 0n;
  const isPending = (kind & TF.pending) !== 0;
  const dPend = isPending ? amount : isResolution ? -p : 0n;
  const dPost = isPending || releasesOnly ? 0n : amount;
  const nd = { pend: dr.debitsPending + dPend, post: dr.debitsPosted + dPost };
  const nc = { pend: cr.creditsPending + dPend, post: cr.creditsPosted + dPost };
  if (nd.pend > INT8_MAX || nd.post > INT8_MAX || nc.pend > INT8_MAX || nc.post > INT8_MAX) {
    return fail('AMOUNT_TOO_LARGE', 'account balance would overflow');
  }
  if (!releasesOnly) {
    if ((dr.flags & AF.debitsMustNotExceedCredits) !== 0 && nd.pend + nd.post > dr.creditsPosted) {
      return fail('EXCEEDS_CREDITS');
    }
    if ((cr.flags & AF.creditsMustNotExceedDebits) !== 0 && nc.pend + nc.post > cr.debitsPosted) {
      return fail('EXCEEDS_DEBITS');
    }
    if (cr.maxCreditBalance !== null && nc.pend + nc.post - cr.debitsPosted > cr.maxCreditBalance) {
      return fail('EXCEEDS_MAX_CREDIT_BALANCE');
    }
  }
  for (const l of t.limits ?? []) {
    const used = state.limits.get(l.key) ?? 0n;
    if (l.amount > 0n && used + l.amount > l.max) return fail('LIMIT_EXCEEDED', l.key);
  }

  // Accepted: apply to state, with undo entries for linked-chain rollback.
  applyAccount(journal, dr, 'debitsPending', nd.pend);
  applyAccount(journal, dr, 'debitsPosted', nd.post);
  applyAccount(journal, cr, 'creditsPending', nc.pend);
  applyAccount(journal, cr, 'creditsPosted', nc.post);
  const limitDeltas: Accepted['limitDeltas'] = [...(t.limits ?? [])];
  if (pending) {
    // Resolving a hold gives back the limit usage it took: all of it on void/expiry, the part not
    // posted on a partial post.
    for (const l of state.pendingLimits.get(pending.id) ?? []) {
      const back = releasesOnly ? l.amount : l.amount > amount ? l.amount - amount : 0n;
      if (back > 0n) limitDeltas.push({ key: l.key, amount: -back });
    }
  }
  for (const l of limitDeltas) {
    const before = state.limits.get(l.key);
    const next = (before ?? 0n) + l.amount;
    state.limits.set(l.key, next < 0n ? 0n : next);
    if (journal.enabled) {
      journal.record(() =>
        before === undefined ? state.limits.delete(l.key) : state.limits.set(l.key, before),
      );
    }
  }
  if (pending && t.pendingId) {
    const entry = state.pendings.get(t.pendingId);
    if (entry) {
      const before = entry.resolution;
      entry.resolution =
        (kind & TF.postPending) !== 0 ? 'posted' : (kind & TF.expired) !== 0 ? 'expired' : 'voided';
      journal.record(() => {
        entry.resolution = before;
      });
    }
  }
  const transfer: Omit<Transfer, 'seq'> = {
    id: t.id,
    debitAccountId,
    creditAccountId,
    amount,
    ledger: t.ledger,
    code: t.code,
    flags,
    pendingId: t.pendingId ?? null,
    expiresAt: isPending && t.timeoutSeconds ? new Date(opts.now.getTime() + t.timeoutSeconds * 1000) : null,
    userData: t.userData ?? {},
    createdAt: opts.now,
  };
  created.set(t.id, transfer);
  accepted.push({ transfer, input: t, limitDeltas });
  if (isPending) {
    state.pendings.set(t.id, { transfer: transfer as Transfer, resolution: null });
    if (journal.enabled) journal.record(() => state.pendings.delete(t.id));
  }
  return { ok: true, status: 'created', transfer: transfer as Transfer };
}

function applyAccount(
  journal: Journal,
  a: AccountState,
  field: 'debitsPending' | 'debitsPosted' | 'creditsPending' | 'creditsPosted',
  value: bigint,
) {
  const before = a[field];
  if (before === value) return;
  a[field] = value;
  if (journal.enabled) {
    journal.record(() => {
      a[field] = before;
    });
  }
}

type Candidate = {
  debitAccountId: string;
  creditAccountId: string;
  amount: bigint;
  pending: Transfer | null;
};

/** Fills in accounts and amount of a post/void from its pending transfer and checks the pending's state. */
function resolveCandidate(
  state: BatchState,
  created: Map<string, Omit<Transfer, 'seq'>>,
  t: TransferInput,
  flags: number,
): { ok: true; value: Candidate } | Fail {
  if ((flags & RESOLVE) === 0) {
    if (t.pendingId) return fail('INVALID_FLAGS', 'pendingId is only for post/void');
    // A loaded account's id is a valid UUID: the map lookup spares most regex tests.
    const dr = t.debitAccountId;
    const cr = t.creditAccountId;
    if (!dr || !(state.accounts.has(dr) || UUID.test(dr))) return fail('DEBIT_ACCOUNT_NOT_FOUND');
    if (!cr || !(state.accounts.has(cr) || UUID.test(cr))) return fail('CREDIT_ACCOUNT_NOT_FOUND');
    return {
      ok: true,
      value: {
        debitAccountId: dr,
        creditAccountId: cr,
        amount: t.amount ?? 0n,
        pending: null,
      },
    };
  }
  if (!t.pendingId) return fail('PENDING_ID_REQUIRED');
  const entry = state.pendings.get(t.pendingId);
  const p = entry?.transfer ?? (created.get(t.pendingId) as Transfer | undefined);
  if (!p) return fail('PENDING_TRANSFER_NOT_FOUND');
  if ((p.flags & TF.pending) === 0) return fail('PENDING_TRANSFER_NOT_PENDING');
  if (
    (t.debitAccountId && t.debitAccountId !== p.debitAccountId) ||
    (t.creditAccountId && t.creditAccountId !== p.creditAccountId)
  ) {
    return fail('PENDING_TRANSFER_HAS_DIFFERENT_ACCOUNTS');
  }
  if (t.ledger !== p.ledger) return fail('LEDGER_MISMATCH');
  const isPost = (flags & TF.postPending) !== 0;
  const amount = t.amount ?? p.amount;
  if (isPost && amount > p.amount) return fail('EXCEEDS_PENDING_TRANSFER_AMOUNT');
  if (!isPost && amount !== p.amount) return fail('PENDING_AMOUNT_MISMATCH');
  return {
    ok: true,
    value: { debitAccountId: p.debitAccountId, creditAccountId: p.creditAccountId, amount, pending: p },
  };
}

/** Checks pending state after the idempotency check (a retry of a post must still return `exists`). */
function pendingStateError(
  state: BatchState,
  t: TransferInput,
  flags: number,
  now: Date,
): TransferErrorCode | null {
  if ((flags & RESOLVE) === 0 || !t.pendingId) return null;
  const entry = state.pendings.get(t.pendingId);
  if (!entry) return null;
  if (entry.resolution === 'posted') return 'PENDING_TRANSFER_ALREADY_POSTED';
  if (entry.resolution === 'voided') return 'PENDING_TRANSFER_ALREADY_VOIDED';
  if (entry.resolution === 'expired') return 'PENDING_TRANSFER_EXPIRED';
  const exp = entry.transfer.expiresAt;
  if ((flags & TF.postPending) !== 0 && exp && now.getTime() > exp.getTime())
    return 'PENDING_TRANSFER_EXPIRED';
  return null;
}

function sameTransfer(prior: Omit<Transfer, 'seq'>, c: Candidate, t: TransferInput): boolean {
  const timeout = prior.expiresAt
    ? Math.round((prior.expiresAt.getTime() - prior.createdAt.getTime()) / 1000)
    : 0;
  return (
    prior.debitAccountId === c.debitAccountId &&
    prior.creditAccountId === c.creditAccountId &&
    prior.amount === c.amount &&
    prior.ledger === t.ledger &&
    prior.code === t.code &&
    prior.flags === (t.flags ?? 0) &&
    (prior.pendingId ?? undefined) === (t.pendingId ?? undefined) &&
    timeout === (t.timeoutSeconds ?? 0) &&
    canonicalJson(prior.userData) === canonicalJson(t.userData ?? {})
  );
}
