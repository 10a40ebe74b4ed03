/**
 * Coalesces concurrent single-key reads into set-based ones (`WHERE x = ANY($1)`): the hot request
 * paths (session check, wallets, names, the risk counters) ask for one row each, and under load a
 * few hundred requests ask at once. Keys asked while the loader's batches are in flight (at most
 * `concurrency` of them) wait and go together in the next one; keys asked in the same turn of the
 * event loop start one batch at the next `setImmediate`, so a lone request waits for no one.
 *
 * `load` gets distinct keys and returns the found values by key; a key it does not return answers
 * `undefined`. A failed load rejects the callers of that batch only.
 */
export type BatchLoader<K, V> = (key: K) => Promise<V | undefined>;

export type BatchLoaderOptions<K, V> = {
  load: (keys: K[]) => Promise<Map<string, V>>;
  /** The key's identity as a string (the Map's key); defaults to String(key). */
  id?: (key: K) => string;
  /** Largest batch (default 1,000). */
  maxBatch?: number;
  /** Batches in flight at once (default 1: under load, fewer and bigger queries). */
  concurrency?: number;
};

type Waiter<V> = { resolve: (v: V | undefined) => void; reject: (e: unknown) => void };

export function createBatchLoader<K, V>(opts: BatchLoaderOptions<K, V>): BatchLoader<K, V> {
  const id = opts.id ?? ((k: K) => String(k));
  const maxBatch = opts.maxBatch ?? 1000;
  const concurrency = opts.concurrency ?? 1;
  let queued = new Map<string, { key: K; waiters: Waiter<V>[] }>();
  let inFlight = 0;
  let scheduled = false;

  function schedule(): void {
    if (scheduled || inFlight >= concurrency || queued.size === 0) return;
    scheduled = true;
    setImmediate(run);
  }

  function run(): void {
    scheduled = false;
    while (inFlight < concurrency && queued.size > 0) {
      let batch: Map<string, { key: K; waiters: Waiter<V>[] }>;
      if (queued.size <= maxBatch) {
        batch = queued;
        queued = new Map();
      } else {
        batch = new Map();
        for (const [k, v] of queued) {
          if (batch.size >= maxBatch) break;
          batch.set(k, v);
          queued.delete(k);
        }
      }
      inFlight++;
      opts
        .load([...batch.values()].map((e) => e.key))
        .then(
          (found) => {
            for (const [k, e] of batch) for (const w of e.waiters) w.resolve(found.get(k));
          },
          (err) => {
            for (const e of batch.values()) for (const w of e.waiters) w.reject(err);
          },
        )
        .finally(() => {
          inFlight--;
          schedule();
        });
    }
  }

  return (key: K) =>
    new Promise<V | undefined>((resolve, reject) => {
      const k = id(key);
      const entry = queued.get(k);
      if (entry) entry.waiters.push({ resolve, reject });
      else queued.set(k, { key, waiters: [{ resolve, reject }] });
      schedule();
    });
}
