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
 * The loop of a background worker (outbox, webhook deliveries): a pass again at once while passes
 * find work, after `idleMs` when one found none, after `retryMs` when one failed (logged). Never two
 * passes at a time.
 */
export function pollingLoop(o: {
  name: string;
  pass: () => Promise<number>;
  logger: Pick<Logger, 'warn'>;
  idleMs: number;
  retryMs: number;
}): PollingLoop {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let stopped = true;

  function schedule(ms: number) {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, ms);
  }

  function tick() {
    if (running || stopped) return;
    running = o.pass();
    running
      .then((n) => schedule(n > 0 ? 0 : o.idleMs))
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
      if (!running) schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (running) await running.catch(() => {});
    },
  };
}
