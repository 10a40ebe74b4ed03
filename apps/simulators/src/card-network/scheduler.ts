/**
 * Tracks every timer and in-flight callback of the simulator so that
 * `/_control/reset` and `close()` can cancel them all at once.
 */
export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private controller = new AbortController();

  constructor(private readonly onError: (err: unknown) => void = () => {}) {}

  /** Aborted when {@link cancelAll} runs; capture it at the start of a long-running task. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Runs `task` after `ms`, unless cancelled first. */
  after(ms: number, task: () => void | Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      Promise.resolve()
        .then(task)
        .catch((err: unknown) => this.onError(err));
    }, ms);
    this.timers.add(timer);
  }

  /** Resolves `true` after `ms`, or `false` as soon as the scheduler is cancelled. */
  sleep(ms: number): Promise<boolean> {
    const signal = this.signal;
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = () => {
        clearTimeout(timer);
        this.timers.delete(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      this.timers.add(timer);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Clears pending timers, aborts in-flight work, and starts afresh. */
  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.controller.abort();
    this.controller = new AbortController();
  }
}
