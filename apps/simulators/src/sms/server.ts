import type { FastifyInstance } from 'fastify';
import Fastify from 'fastify';
import { applySimulatorShell } from '../http-shell.ts';
import { smsControlRoutes, smsRoutes } from './routes.ts';
import { SmsState } from './state.ts';

export interface SmsSimulatorOptions {
  /** Shared secret for the bearer token (default 'sim-secret'). */
  secret?: string;
  /** Fastify request logging (default off). Message texts are never logged. */
  logger?: boolean;
  /** Clock used for `receivedAt` (default wall clock). */
  now?: () => Date;
  /** E.164 numbers whose messages are answered `502 DELIVERY_FAILED` (see also `state.failTo`). */
  failTo?: string[];
  /** Cap on stored messages; the oldest are dropped beyond it (default 10 000). */
  maxMessages?: number;
}

export interface SmsSimulator {
  app: FastifyInstance;
  state: SmsState;
  /** Closes the HTTP server. */
  close(): Promise<void>;
}

export interface StartedSmsSimulator extends SmsSimulator {
  /** Base URL, e.g. `http://127.0.0.1:4020` (no trailing slash). */
  url: string;
}

export function createSmsSimulator(opts: SmsSimulatorOptions = {}): SmsSimulator {
  const secret = opts.secret ?? 'sim-secret';
  const now = opts.now ?? (() => new Date());
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 64 * 1024 });
  const state = new SmsState(now, opts.failTo ?? [], opts.maxMessages);

  applySimulatorShell(app, 'sms');
  void app.register(smsRoutes, { state, secret });
  void app.register(smsControlRoutes, { state, secret });

  return {
    app,
    state,
    async close() {
      await app.close();
    },
  };
}

/** Creates the simulator and listens on `port` (0 = random) / `host` (default 127.0.0.1). */
export async function startSmsSimulator(
  opts: SmsSimulatorOptions & { port?: number; host?: string } = {},
): Promise<StartedSmsSimulator> {
  const { port = 0, host = '127.0.0.1', ...rest } = opts;
  const sim = createSmsSimulator(rest);
  await sim.app.listen({ port, host });
  const address = sim.app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return { ...sim, url: `http://${urlHost}:${boundPort}` };
}
