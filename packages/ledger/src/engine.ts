import type pg from 'pg';
import {
  anyTransferStored,
  insertPendingLimits,
  insertTransfers,
  loadBatchState,
  upsertLimits,
} from './store.ts';
import type { Transfer, TransferInput, TransferResult } from './types.ts';
import { type Accepted, validateBatch } from './validate.ts';

/** Runs inside the batch's transaction after the transfers are inserted (outbox rows, history…). */
export type CommitHook = (
  client: pg.PoolClient,
  created: Array<Accepted & { transfer: Transfer }>,
) => Promise<void>;

export type EngineOptions = {
  pool: pg.Pool;
  clock?: () => Date;
  /** Upper bound on transfers per database transaction. */
  maxBatch?: number;
  onCommit?: CommitHook;
  /** Called after each committed batch with its number of transfers (metrics). */
  onBatch?: (transfers: number) => void;
};

type Pending = {
  transfers: TransferInput[];
  internal: boolean;
  resolve: (r: TransferResult[]) => void;
  reject: (e: unknown) => void;
};

export type EngineStats = {
  batches: number;
  transfers: number;
  fallbacks: number;
  retries: number;
  largestBatch: number;
};

export type LedgerEngine = {
  /** Submits one event (a list of transfers; linked ones succeed or fail together). */
  submit(transfers: TransferInput[]): Promise<TransferResult[]>;
  /** Internal submissions may use the `expired` flag (the sweeper). */
  submitInternal(transfers: TransferInput[]): Promise<TransferResult[]>;
  stats(): EngineStats;
  /** Waits for queued work to finish and refuses new work. */
  close(): Promise<void>;
};

/**
 * The batching engine: one writer per engine drains every queued event into one database
 * transaction — load and lock state set-based, validate in memory in arrival order, insert set-based,
 * commit — and hands each caller its own results. Under light load a batch holds one event.
 */
export function createLedgerEngine(opts: EngineOptions): LedgerEngine {
  const clock = opts.clock ?? (() => new Date());
  const maxBatch = opts.maxBatch ?? 8190;
  const queue: Pending[] = [];
  const stats: EngineStats = { batches: 0, transfers: 0, fallbacks: 0, retries: 0, largestBatch: 0 };
  let running: Promise<void> | null = null;
  let closed = false;

  function enqueue(transfers: TransferInput[], internal: boolean): Promise<TransferResult[]> {
    if (closed) return Promise.reject(new Error('ledger engine is closed'));
    if (transfers.length === 0) return Promise.resolve([]);
    if (transfers.length > maxBatch) {
      return Promise.reject(new RangeError(`an event holds at most ${maxBatch} transfers`));
    }
    return new Promise((resolve, reject) => {
      queue.push({ transfers: transfers.map(normalizeIds), internal, resolve, reject });
      kick();
    });
  }

  function kick(): void {
    if (running) return;
    running = drain().finally(() => {
      running = null;
      // Work queued between the loop's last check and this callback must not be stranded.
      if (queue.length > 0) kick();
    });
  }

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch: Pending[] = [];
      let count = 0;
      while (queue.length > 0 && count + queue[0]!.transfers.length <= maxBatch) {
        const p = queue.shift()!;
        batch.push(p);
        count += p.transfers.length;
      }
      try {
        const results = await runWithRetry(batch);
        for (const [i, p] of batch.entries()) p.resolve(results[i]!);
      } catch (err) {
        if (batch.length === 1) {
          batch[0]!.reject(err);
          continue;
        }
        // An unexpected database error must not fail the neighbours: retry each event alone.
        stats.fallbacks++;
        for (const p of batch) {
          try {
            p.resolve((await runWithRetry([p]))[0]!);
          } catch (e) {
            p.reject(e);
          }
        }
      }
    }
  }

  /**
   * Another writer (an engine in another process) may commit the same transfer id or resolve the
   * same pending between our reads and our insert: the unique index refuses it. Running the batch
   * again sees that commit and answers `exists` / `…_ALREADY_POSTED` instead of an error.
   * The first attempt does not look the batch's ids up (see `StoredIdSeen`); later ones do.
   */
  async function runWithRetry(batch: Pending[]): Promise<TransferResult[][]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await runBatch(batch, attempt > 1);
      } catch (err) {
        if (err instanceof StoredIdSeen) {
          stats.retries++;
          continue;
        }
        const code = (err as { code?: string }).code;
        if (attempt >= 5 || !(code === '23505' || code === '40P01' || code === '40001')) throw err;
        stats.retries++;
      }
    }
  }

  /**
   * With `lookupIds` false the batch's ids are taken as new (a retry of a stored transfer is rare):
   * the primary key proves it for every accepted transfer (23505 → the batch runs again, looking
   * them up), and one query checks the refused ones — a stored one must be answered `exists` (or
   * as a conflict), so the batch runs again, looking them up.
   */
  async function runBatch(batch: Pending[], lookupIds: boolean): Promise<TransferResult[][]> {
    const all = batch.flatMap((p) => p.transfers);
    const client = await opts.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const state = await loadBatchState(client, all, { existing: lookupIds });
      const now = clock();
      // Events are validated in arrival order; internal (sweeper) events may use the expired flag.
      const events = batch.map((p) => p.transfers);
      const { results, accepted } = validateBatch(state, events, {
        now,
        internal: (i) => batch[i]!.internal,
      });
      if (!lookupIds) {
        const refused = events.flatMap((e, i) => e.filter((_, k) => !results[i]![k]!.ok).map((t) => t.id));
        if (await anyTransferStored(client, refused)) throw new StoredIdSeen();
      }
      const seqs = await insertTransfers(client, accepted);
      await upsertLimits(client, accepted);
      await insertPendingLimits(client, accepted);
      for (const a of accepted) (a.transfer as Transfer).seq = seqs.get(a.transfer.id)!;
      if (opts.onCommit && accepted.length > 0) {
        await opts.onCommit(client, accepted as Array<Accepted & { transfer: Transfer }>);
      }
      await client.query('COMMIT');
      stats.batches++;
      stats.transfers += all.length;
      stats.largestBatch = Math.max(stats.largestBatch, all.length);
      opts.onBatch?.(all.length);
      return results;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true;
      }
      throw err;
    } finally {
      client.release(broken);
    }
  }

  return {
    submit: (t) => enqueue(t, false),
    submitInternal: (t) => enqueue(t, true),
    stats: () => ({ ...stats }),
    close: async () => {
      closed = true;
      while (running) await running;
    },
  };
}

/** A refused transfer of an optimistic attempt is stored already: run the batch again with lookups. */
class StoredIdSeen extends Error {}

/** UUIDs compare as text in memory: accept any case, as PostgreSQL does (copied only when needed). */
function normalizeIds(t: TransferInput): TransferInput {
  const lower = (x: string | undefined) => (typeof x === 'string' ? x.toLowerCase() : x);
  const id = lower(t.id)!;
  const debitAccountId = lower(t.debitAccountId);
  const creditAccountId = lower(t.creditAccountId);
  const pendingId = lower(t.pendingId);
  if (
    id === t.id &&
    debitAccountId === t.debitAccountId &&
    creditAccountId === t.creditAccountId &&
    pendingId === t.pendingId
  ) {
    return t;
  }
  return { ...t, id, debitAccountId, creditAccountId, pendingId };
}
