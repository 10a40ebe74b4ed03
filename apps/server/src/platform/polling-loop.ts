import type { Logger } from './logger.ts';

export type PollingLoop = {
  /** One pass now (tests call it by hand); resolves to how many items it handled. */
  runOnce: () => Promise<number>;
  start(): void;
  /** Something became due: run a pass as soon as the current one (if any) ends. */
  wake(): void;
  /** No new pass; waits for the running one. */
  stop(): Promise<void>;
};

/**
 * The loop of a background worker (outbox, webhook deliveries): a pass again after `busyMs`
 * (default at once) while passes find work or something wakes it, after `idleMs` when one found
 * none, after `retryMs` when one failed (logged). Never two passes at a time; a pass already due
 * sooner is never put off. A small `busyMs` lets work accumulate under load, so that a pass
 * handles many items in one transaction rather than a few in many.
 */
export function pollingLoop(o: {
  name: string;
  pass: () => Promise<number>;
  logger: Pick<Logger, 'warn'>;
  idleMs: number;
  retryMs: number;
  busyMs?: number;
}): PollingLoop {
  const busyMs = o.busyMs ?? 0;
  let timer: NodeJS.Timeout | null = null;
  let due = Number.POSITIVE_INFINITY;
  let running: Promise<number> | null = null;
  let stopped = true;

  function schedule(ms: number) {
    if (stopped) return;
    const at = Date.now() + ms;
    if (timer && due <= at) return;
    if (timer) clearTimeout(timer);
    due = at;
    timer = setTimeout(() => {
      timer = null;
      due = Number.POSITIVE_INFINITY;
      tick();
    }, ms);
  }

  function tick() {
    if (running || stopped) return;
    running = o.pass();
    running
      .then((n) => schedule(n > 0 ? busyMs : o.idleMs))
      .catch((e) => {
        o.logger.warn({ err: (e as Error).message }, `${o.name} pass failed`);
        schedule(o.retryMs);
      })
      .finally(() => {
        running = null;
      });
  }

  return {
    runOnce: o.pass,
    start() {
      stopped = false;
      schedule(0);
    },
    wake() {
      if (!running) schedule(busyMs);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      due = Number.POSITIVE_INFINITY;
      if (running) await running.catch(() => {});
    },
  };
}
