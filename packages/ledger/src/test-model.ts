/**
 * An in-memory reference model of the ledger's transfer semantics, used by the model-based test
 * (ledger.model.test.ts). Deliberately written independently of validate.ts: plain maps, a full
 * snapshot/restore for linked chains instead of an undo journal, and one explicit case per transfer
 * kind for the balance effects. Not used by production code.
 *
 * Semantics modelled (TigerBeetle-like):
 * - plain: debit.debitsPosted += a, credit.creditsPosted += a
 * - pending: debit.debitsPending += a, credit.creditsPending += a; optional timeout
 * - post (amount ≤ pending amount, default all): releases the whole pending amount, posts `amount`
 * - void / expired (sweeper): releases the whole pending amount
 * - a chain of linked transfers is all-or-nothing: the failing transfer gets its own code, every
 *   other transfer of the chain LINKED_EVENT_FAILED; an event ending inside a chain fails that chain
 *   with LINKED_EVENT_CHAIN_OPEN
 * - an id already stored: same body → 'exists' (no effect), otherwise
 *   ID_ALREADY_USED_WITH_DIFFERENT_FIELDS
 * Not modelled: per-key limits (LimitCheck), balance overflow near 2^63.
 */
import { uuidFromName } from './ids.ts';
import {
  AccountFlags as AF,
  MAX_AMOUNT,
  TransferFlags as TF,
  type TransferErrorCode,
  type TransferInput,
} from './types.ts';

export type ModelAccount = {
  id: string;
  ledger: number;
  flags: number;
  maxCreditBalance: bigint | null;
  debitsPending: bigint;
  debitsPosted: bigint;
  creditsPending: bigint;
  creditsPosted: bigint;
};

export type ModelTransfer = {
  id: string;
  debitAccountId: string;
  creditAccountId: string;
  amount: bigint;
  ledger: number;
  code: number;
  flags: number;
  pendingId: string | null;
  timeoutSeconds: number;
  expiresAtMs: number | null;
  userData: string;
};

export type ModelResult =
  | { ok: true; status: 'created' | 'exists'; transfer: ModelTransfer }
  | { ok: false; code: TransferErrorCode };

type Resolution = 'posted' | 'voided' | 'expired';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INT8_MAX = 2n ** 63n - 1n;
const KIND_BITS = [TF.pending, TF.postPending, TF.voidPending, TF.expired];

const err = (code: TransferErrorCode): ModelResult => ({ ok: false, code });

/** Key-order independent JSON (the ledger compares user_data by value). */
export function sortedJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${sortedJson(o[k])}`)
    .join(',')}}`;
}

type State = {
  accounts: Map<string, ModelAccount>;
  transfers: Map<string, ModelTransfer>;
  resolutions: Map<string, Resolution>;
};

function cloneState(s: State): State {
  return {
    accounts: new Map([...s.accounts].map(([k, a]) => [k, { ...a }])),
    transfers: new Map(s.transfers),
    resolutions: new Map(s.resolutions),
  };
}

type Candidate = { debit: string; credit: string; amount: bigint; pending: ModelTransfer | null };

export class LedgerModel {
  private s: State = { accounts: new Map(), transfers: new Map(), resolutions: new Map() };
  /** The engine clock (ms since epoch) used for validation of the next submission. */
  nowMs: number;

  constructor(nowMs: number) {
    this.nowMs = nowMs;
  }

  addAccount(a: { id: string; ledger: number; flags: number; maxCreditBalance: bigint | null }): void {
    this.s.accounts.set(a.id, {
      ...a,
      debitsPending: 0n,
      debitsPosted: 0n,
      creditsPending: 0n,
      creditsPosted: 0n,
    });
  }

  setClosed(id: string, closed: boolean): void {
    const a = this.s.accounts.get(id);
    if (a) a.flags = closed ? a.flags | AF.closed : a.flags & ~AF.closed;
  }

  account(id: string): ModelAccount | undefined {
    return this.s.accounts.get(id);
  }

  accounts(): ModelAccount[] {
    return [...this.s.accounts.values()];
  }

  transfer(id: string): ModelTransfer | undefined {
    return this.s.transfers.get(id);
  }

  transfers(): ModelTransfer[] {
    return [...this.s.transfers.values()];
  }

  /** Applies one event (a list of transfers) and returns the expected per-transfer results. */
  submit(event: TransferInput[], internal = false): ModelResult[] {
    const out: ModelResult[] = [];
    let chain: TransferInput[] = [];
    for (const t of event) {
      chain.push(t);
      if (((t.flags ?? 0) & TF.linked) !== 0) continue;
      out.push(...this.applyChain(chain, internal));
      chain = [];
    }
    for (const _ of chain) out.push(err('LINKED_EVENT_CHAIN_OPEN'));
    return out;
  }

  /** What the sweeper must do at `nowMs`: void every unresolved pending transfer whose timeout passed. */
  expire(nowMs: number): { pendingIds: string[]; results: ModelResult[] } {
    const due = [...this.s.transfers.values()].filter(
      (t) =>
        (t.flags & TF.pending) !== 0 &&
        t.expiresAtMs !== null &&
        t.expiresAtMs <= nowMs &&
        !this.s.resolutions.has(t.id),
    );
    const results = due.map(
      (p) =>
        this.submit(
          [
            {
              id: uuidFromName(`expire:${p.id}`),
              pendingId: p.id,
              ledger: p.ledger,
              code: p.code,
              flags: TF.expired,
              userData: { reason: 'timeout' },
            },
          ],
          true,
        )[0]!,
    );
    return { pendingIds: due.map((p) => p.id), results };
  }

  private applyChain(chain: TransferInput[], internal: boolean): ModelResult[] {
    if (chain.length === 1) return [this.applyOne(chain[0]!, internal)];
    const snapshot = cloneState(this.s);
    const results: ModelResult[] = [];
    for (const [i, t] of chain.entries()) {
      const r = this.applyOne(t, internal);
      if (!r.ok) {
        this.s = snapshot;
        return chain.map((_, k) => (k === i ? r : err('LINKED_EVENT_FAILED')));
      }
      results.push(r);
    }
    return results;
  }

  private candidate(t: TransferInput, kind: number): Candidate | ModelResult {
    const resolves = (kind & (TF.postPending | TF.voidPending | TF.expired)) !== 0;
    if (!resolves) {
      if (t.pendingId) return err('INVALID_FLAGS');
      if (!t.debitAccountId || !UUID.test(t.debitAccountId)) return err('DEBIT_ACCOUNT_NOT_FOUND');
      if (!t.creditAccountId || !UUID.test(t.creditAccountId)) return err('CREDIT_ACCOUNT_NOT_FOUND');
      return { debit: t.debitAccountId, credit: t.creditAccountId, amount: t.amount ?? 0n, pending: null };
    }
    if (!t.pendingId) return err('PENDING_ID_REQUIRED');
    const p = this.s.transfers.get(t.pendingId);
    if (!p) return err('PENDING_TRANSFER_NOT_FOUND');
    if ((p.flags & TF.pending) === 0) return err('PENDING_TRANSFER_NOT_PENDING');
    if (
      (t.debitAccountId && t.debitAccountId !== p.debitAccountId) ||
      (t.creditAccountId && t.creditAccountId !== p.creditAccountId)
    ) {
      return err('PENDING_TRANSFER_HAS_DIFFERENT_ACCOUNTS');
    }
    if (t.ledger !== p.ledger) return err('LEDGER_MISMATCH');
    const amount = t.amount ?? p.amount;
    const isPost = (kind & TF.postPending) !== 0;
    if (isPost && amount > p.amount) return err('EXCEEDS_PENDING_TRANSFER_AMOUNT');
    if (!isPost && amount !== p.amount) return err('PENDING_AMOUNT_MISMATCH');
    return { debit: p.debitAccountId, credit: p.creditAccountId, amount, pending: p };
  }

  private applyOne(t: TransferInput, internal: boolean): ModelResult {
    if (typeof t.id !== 'string' || !UUID.test(t.id)) return err('INVALID_ID');
    const flags = t.flags ?? 0;
    const kind = flags & ~TF.linked;
    if (flags < 0 || flags >= 32 || KIND_BITS.filter((b) => (kind & b) !== 0).length > 1) {
      return err('INVALID_FLAGS');
    }
    if ((kind & TF.expired) !== 0 && !internal) return err('INVALID_FLAGS');

    const prior = this.s.transfers.get(t.id);
    if (prior) {
      const c = this.candidate(t, kind);
      const same =
        !('ok' in c) &&
        prior.debitAccountId === c.debit &&
        prior.creditAccountId === c.credit &&
        prior.amount === c.amount &&
        prior.ledger === t.ledger &&
        prior.code === t.code &&
        prior.flags === flags &&
        prior.pendingId === (t.pendingId ?? null) &&
        prior.timeoutSeconds === (t.timeoutSeconds ?? 0) &&
        prior.userData === sortedJson(t.userData ?? {});
      return same
        ? { ok: true, status: 'exists', transfer: prior }
        : err('ID_ALREADY_USED_WITH_DIFFERENT_FIELDS');
    }
    if (!Number.isInteger(t.code) || t.code <= 0 || t.code > 2 ** 31 - 1) return err('INVALID_CODE');
    const isPending = kind === TF.pending;
    if (t.timeoutSeconds && !isPending) return err('TIMEOUT_RESERVED_FOR_PENDING');
    if (t.timeoutSeconds !== undefined && (!Number.isInteger(t.timeoutSeconds) || t.timeoutSeconds < 0)) {
      return err('INVALID_FLAGS');
    }
    const c = this.candidate(t, kind);
    if ('ok' in c) return c;

    const isPost = kind === TF.postPending;
    const releases = kind === TF.voidPending || kind === TF.expired;
    if (c.pending) {
      const res = this.s.resolutions.get(c.pending.id);
      if (res === 'posted') return err('PENDING_TRANSFER_ALREADY_POSTED');
      if (res === 'voided') return err('PENDING_TRANSFER_ALREADY_VOIDED');
      if (res === 'expired') return err('PENDING_TRANSFER_EXPIRED');
      if (isPost && c.pending.expiresAtMs !== null && this.nowMs > c.pending.expiresAtMs) {
        return err('PENDING_TRANSFER_EXPIRED');
      }
    }
    if (c.debit === c.credit) return err('ACCOUNTS_MUST_BE_DIFFERENT');
    if (c.amount <= 0n) return err('AMOUNT_MUST_BE_POSITIVE');
    if (c.amount > MAX_AMOUNT) return err('AMOUNT_TOO_LARGE');
    const dr = this.s.accounts.get(c.debit);
    const cr = this.s.accounts.get(c.credit);
    if (!dr) return err('DEBIT_ACCOUNT_NOT_FOUND');
    if (!cr) return err('CREDIT_ACCOUNT_NOT_FOUND');
    if (dr.ledger !== t.ledger || cr.ledger !== t.ledger) return err('LEDGER_MISMATCH');
    if (!releases && (dr.flags & AF.closed) !== 0) return err('DEBIT_ACCOUNT_CLOSED');
    if (!releases && (cr.flags & AF.closed) !== 0) return err('CREDIT_ACCOUNT_CLOSED');

    // New balances, one explicit case per kind.
    const d = { ...dr };
    const k = { ...cr };
    const held = c.pending?.amount ?? 0n;
    if (isPending) {
      d.debitsPending += c.amount;
      k.creditsPending += c.amount;
    } else if (isPost) {
      d.debitsPending -= held;
      k.creditsPending -= held;
      d.debitsPosted += c.amount;
      k.creditsPosted += c.amount;
    } else if (releases) {
      d.debitsPending -= held;
      k.creditsPending -= held;
    } else {
      d.debitsPosted += c.amount;
      k.creditsPosted += c.amount;
    }
    if ([d.debitsPending, d.debitsPosted, k.creditsPending, k.creditsPosted].some((x) => x > INT8_MAX)) {
      return err('AMOUNT_TOO_LARGE');
    }
    if (!releases) {
      if (
        (d.flags & AF.debitsMustNotExceedCredits) !== 0 &&
        d.debitsPending + d.debitsPosted > d.creditsPosted
      ) {
        return err('EXCEEDS_CREDITS');
      }
      if (
        (k.flags & AF.creditsMustNotExceedDebits) !== 0 &&
        k.creditsPending + k.creditsPosted > k.debitsPosted
      ) {
        return err('EXCEEDS_DEBITS');
      }
      if (
        k.maxCreditBalance !== null &&
        k.creditsPending + k.creditsPosted - k.debitsPosted > k.maxCreditBalance
      ) {
        return err('EXCEEDS_MAX_CREDIT_BALANCE');
      }
    }

    this.s.accounts.set(d.id, d);
    this.s.accounts.set(k.id, k);
    const timeoutSeconds = isPending ? (t.timeoutSeconds ?? 0) : 0;
    const transfer: ModelTransfer = {
      id: t.id,
      debitAccountId: c.debit,
      creditAccountId: c.credit,
      amount: c.amount,
      ledger: t.ledger,
      code: t.code,
      flags,
      pendingId: t.pendingId ?? null,
      timeoutSeconds,
      expiresAtMs: timeoutSeconds > 0 ? this.nowMs + timeoutSeconds * 1000 : null,
      userData: sortedJson(t.userData ?? {}),
    };
    this.s.transfers.set(t.id, transfer);
    if (c.pending)
      this.s.resolutions.set(
        c.pending.id,
        isPost ? 'posted' : releases && kind === TF.expired ? 'expired' : 'voided',
      );
    return { ok: true, status: 'created', transfer };
  }
}
