import type { FastifyInstance } from 'fastify';
import Fastify from 'fastify';
import { applySimulatorShell } from '../http-shell.ts';
import type { RetryPolicy } from './callbacks.ts';
import { DEFAULT_RETRY_POLICY } from './callbacks.ts';
import { controlRoutes } from './control-routes.ts';
import { CardNetworkEngine } from './engine.ts';
import { cardNetworkRoutes } from './routes.ts';
import { Scheduler } from './scheduler.ts';
import { CardNetworkState } from './state.ts';

export interface CardNetworkSimulatorOptions {
  /** Shared secret for the bearer token and callback signatures (default 'sim-secret'). */
  secret?: string;
  /** Delay between accepting an authorization and deciding it (default 30 ms). */
  decisionDelayMs?: number;
  /** Extra delay before the callback of `late` cards (default 3000 ms). */
  lateDelayMs?: number;
  /** How long the POST of `slow_accept` cards takes to answer (default 2000 ms). */
  slowAcceptMs?: number;
  /** Callback retry policy (default 5 attempts, 100 ms × 2^n backoff, 5 s per attempt). */
  callbackRetry?: Partial<RetryPolicy>;
  /** Fastify request logging (default off). */
  logger?: boolean;
  /** Clock used for expiry checks and timestamps (default wall clock). */
  now?: () => Date;
}

export interface CardNetworkSimulator {
  app: FastifyInstance;
  state: CardNetworkState;
  engine: CardNetworkEngine;
  /** Cancels pending decisions/callbacks and closes the HTTP server. */
  close(): Promise<void>;
}

export interface StartedCardNetworkSimulator extends CardNetworkSimulator {
  /** Base URL, e.g. `http://127.0.0.1:4010` (no trailing slash). */
  url: string;
}

export function createCardNetworkSimulator(opts: CardNetworkSimulatorOptions = {}): CardNetworkSimulator {
  const secret = opts.secret ?? 'sim-secret';
  const now = opts.now ?? (() => new Date());
  const app = Fastify({ logger: opts.logger ?? false });
  const scheduler = new Scheduler((err) => app.log.error({ err }, 'card-network background task failed'));
  const state = new CardNetworkState(now);
  const engine = new CardNetworkEngine(state, scheduler, {
    secret,
    now,
    decisionDelayMs: opts.decisionDelayMs ?? 30,
    lateDelayMs: opts.lateDelayMs ?? 3000,
    slowAcceptMs: opts.slowAcceptMs ?? 2000,
    retry: { ...DEFAULT_RETRY_POLICY, ...opts.callbackRetry },
  });

  applySimulatorShell(app, 'card-network');
  void app.register(cardNetworkRoutes, { engine, secret });
  void app.register(controlRoutes, { engine, secret });

  return {
    app,
    state,
    engine,
    async close() {
      scheduler.cancelAll();
      await app.close();
    },
  };
}

/** Creates the simulator and listens on `port` (0 = random) / `host` (default 127.0.0.1). */
export async function startCardNetworkSimulator(
  opts: CardNetworkSimulatorOptions & { port?: number; host?: string } = {},
): Promise<StartedCardNetworkSimulator> {
  const { port = 0, host = '127.0.0.1', ...rest } = opts;
  const sim = createCardNetworkSimulator(rest);
  await sim.app.listen({ port, host });
  const address = sim.app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return { ...sim, url: `http://${urlHost}:${boundPort}` };
}
