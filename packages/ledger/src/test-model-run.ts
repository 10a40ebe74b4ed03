/**
 * Per-sequence state of the model-based ledger test (ledger.model.test.ts): the reference model,
 * the transfers materialized from the generated commands (test-model-commands.ts), and the labels
 * (A* accounts, T* transfers, U* unknown ids) used in failure traces.
 */
import { uuidv7 } from './ids.ts';
import { LedgerModel, type ModelResult } from './test-model.ts';
import type { AccountCfg, Cmd, NewSpec, ResolveSpec, Spec } from './test-model-commands.ts';
import { TransferFlags as TF, type TransferInput, type TransferResult } from './types.ts';

export type Acc = AccountCfg & { id: string };

export class Run {
  readonly model: LedgerModel;
  readonly labels = new Map<string, string>();
  readonly pendings: TransferInput[] = [];
  readonly plains: TransferInput[] = [];
  readonly events: TransferInput[][] = [];
  readonly trace: string[] = [];
  /** Ids materialized by the command being built. */
  readonly inCommand = new Set<string>();
  private nextT = 1;

  constructor(
    readonly accs: Acc[],
    nowMs: number,
  ) {
    this.model = new LedgerModel(nowMs);
    for (const [i, a] of accs.entries()) this.labels.set(a.id, `A${i}`);
  }

  label(id: string | null | undefined): string {
    if (!id) return '-';
    let l = this.labels.get(id);
    if (!l) {
      l = `T${this.nextT++}`;
      this.labels.set(id, l);
    }
    return l;
  }

  unknownId(): string {
    const id = uuidv7();
    this.labels.set(id, `U${this.nextT++}`);
    return id;
  }

  describe(t: TransferInput): string {
    const kind = ['pending', 'post', 'void', 'expired'].filter((_, i) => ((t.flags ?? 0) & (2 << i)) !== 0);
    return (
      `${this.label(t.id)}{${kind.join('|') || 'plain'}${(t.flags ?? 0) & TF.linked ? '+linked' : ''} ` +
      `${this.label(t.debitAccountId)}→${this.label(t.creditAccountId)} amt=${t.amount ?? '-'} L${t.ledger}` +
      `${t.pendingId ? ` pid=${this.label(t.pendingId)}` : ''}${t.timeoutSeconds ? ` to=${t.timeoutSeconds}s` : ''}` +
      `${t.code !== 1 ? ` code=${t.code}` : ''}}`
    );
  }

  showTransfer(t: {
    id: string;
    debitAccountId: string;
    creditAccountId: string;
    amount: bigint;
    flags: number;
    pendingId: string | null;
  }): string {
    return `${this.label(t.id)} ${this.label(t.debitAccountId)}→${this.label(t.creditAccountId)} ${t.amount} f${t.flags} p=${this.label(t.pendingId)}`;
  }

  showActual(r: TransferResult): string {
    return r.ok ? `${r.status}(${this.showTransfer(r.transfer)})` : r.code;
  }

  showExpected(r: ModelResult): string {
    return r.ok ? `${r.status}(${this.showTransfer(r.transfer)})` : r.code;
  }

  private newTransfer(s: NewSpec): TransferInput {
    const n = this.accs.length;
    const dr = s.dr === 'unknown' ? undefined : this.accs[s.dr % n]!;
    let crId: string;
    let crLedger: number | undefined;
    if (s.cr === 'unknown') crId = this.unknownId();
    else if (s.cr === 'self') {
      crId = dr?.id ?? this.unknownId();
      crLedger = dr?.ledger;
    } else {
      const others = this.accs.filter((a) => a !== dr);
      const pool = 'same' in s.cr ? others.filter((a) => a.ledger === (dr?.ledger ?? 156)) : others;
      const from = pool.length > 0 ? pool : others;
      const k = 'same' in s.cr ? s.cr.same : s.cr.any;
      const c = from[k % from.length]!;
      crId = c.id;
      crLedger = c.ledger;
    }
    const t: TransferInput = {
      id: uuidv7(),
      debitAccountId: dr?.id ?? this.unknownId(),
      creditAccountId: crId,
      amount: s.amount,
      ledger: s.ledger === 'debit' ? (dr?.ledger ?? crLedger ?? 156) : s.ledger,
      code: 1,
      flags: s.t === 'pending' ? TF.pending : 0,
      userData: { n: s.ud, tag: 'model' },
    };
    if (s.t === 'pending' && s.timeout > 0) t.timeoutSeconds = s.timeout;
    (s.t === 'pending' ? this.pendings : this.plains).push(t);
    this.inCommand.add(t.id);
    this.label(t.id);
    return t;
  }

  private resolveTransfer(s: ResolveSpec): TransferInput {
    // Created ones, plus those materialized earlier in the same command (e.g. pending + post in a chain).
    const exists = (t: TransferInput) => this.model.transfer(t.id) !== undefined || this.inCommand.has(t.id);
    const list =
      s.target === 'pending'
        ? this.pendings.filter(exists)
        : s.target === 'anyPending'
          ? this.pendings
          : s.target === 'plain'
            ? this.plains.filter(exists)
            : [];
    if (s.target === 'pending' && list.length === 0) {
      // Nothing to resolve yet: hold money from the unflagged funding account instead.
      const hold: NewSpec = {
        t: 'pending',
        dr: 0,
        cr: { same: s.ref },
        amount: 100n + BigInt(s.ref),
        ledger: 'debit',
        timeout: s.ref % 2 === 0 ? 0 : 30,
        ud: 0,
      };
      return this.newTransfer(hold);
    }
    const p = list.length > 0 ? list[s.ref % list.length]! : undefined;
    const pAmount = p?.amount ?? 100n;
    const t: TransferInput = {
      id: uuidv7(),
      pendingId: p?.id ?? this.unknownId(),
      ledger: s.ledger === 'other' ? ((p?.ledger ?? 156) === 156 ? 840 : 156) : (p?.ledger ?? 156),
      code: 1,
      flags: s.t === 'post' ? TF.postPending : TF.voidPending,
    };
    const amounts = {
      omit: undefined,
      full: pAmount,
      part: s.t === 'post' ? (pAmount * BigInt(1 + (s.ref % 3))) / 4n : pAmount - 1n,
      over: pAmount + 1n,
      zero: 0n,
    };
    const amount = amounts[s.amount];
    if (amount !== undefined) t.amount = amount;
    if (s.accounts === 'same' && p) {
      t.debitAccountId = p.debitAccountId;
      t.creditAccountId = p.creditAccountId;
    } else if (s.accounts === 'other' && p) {
      t.debitAccountId = p.creditAccountId;
    }
    this.label(t.id);
    return t;
  }

  materialize(s: Spec): TransferInput {
    return 'dr' in s ? this.newTransfer(s) : this.resolveTransfer(s);
  }

  retryEvent(cmd: Extract<Cmd, { c: 'retry' }>): TransferInput[] | null {
    if (this.events.length === 0) return null;
    const prev = this.events[cmd.ref % this.events.length]!;
    const ev = prev.map((t) => ({ ...t }));
    const t = ev[cmd.at % ev.length]!;
    if (cmd.change === 'amount') t.amount = (t.amount ?? 0n) + 1n;
    if (cmd.change === 'code') t.code = t.code + 1;
    if (cmd.change === 'reorder' && t.userData) {
      // Same user data, keys in a different order: still the same transfer.
      t.userData = Object.fromEntries(Object.entries(t.userData).reverse());
    }
    return ev;
  }
}
