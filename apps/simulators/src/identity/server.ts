import type { FastifyInstance } from 'fastify';
import Fastify from 'fastify';
import { applySimulatorShell } from '../http-shell.ts';
import { identityControlRoutes, identityRoutes } from './routes.ts';
import { type FaceCheckFaults, IdentityState } from './state.ts';

export interface IdentitySimulatorOptions {
  /** Shared secret: the bearer token of requests and the HMAC key of answers (default 'sim-secret'). */
  secret?: string;
  /** Fastify request logging (default off). Selfies and names are never logged. */
  logger?: boolean;
  now?: () => Date;
  /** Face score at or above which a face matches (default 0.85). */
  threshold?: number;
  /** Face score at or above which an inconclusive comparison goes to review (default 0.60). */
  reviewFrom?: number;
  /** Initial fault switches (see `state.faults`). */
  faults?: Partial<FaceCheckFaults>;
  maxChecks?: number;
}

export interface IdentitySimulator {
  app: FastifyInstance;
  state: IdentityState;
  close(): Promise<void>;
}

export interface StartedIdentitySimulator extends IdentitySimulator {
  /** Base URL, e.g. `http://127.0.0.1:4030` (no trailing slash). */
  url: string;
}

export function createIdentitySimulator(opts: IdentitySimulatorOptions = {}): IdentitySimulator {
  const secret = opts.secret ?? 'sim-secret';
  // Selfies are limited to 32 KiB (≈ 43.7 KB of base64): room for the JSON around it.
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 64 * 1024 });
  const state = new IdentityState(opts.now, opts.faults, opts.maxChecks);
  applySimulatorShell(app, 'identity');
  const routeOpts = { state, secret, threshold: opts.threshold, reviewFrom: opts.reviewFrom };
  void app.register(identityRoutes, routeOpts);
  void app.register(identityControlRoutes, routeOpts);
  return {
    app,
    state,
    async close() {
      await app.close();
    },
  };
}

/** Creates the simulator and listens on `port` (0 = random) / `host` (default 127.0.0.1). */
export async function startIdentitySimulator(
  opts: IdentitySimulatorOptions & { port?: number; host?: string } = {},
): Promise<StartedIdentitySimulator> {
  const { port = 0, host = '127.0.0.1', ...rest } = opts;
  const sim = createIdentitySimulator(rest);
  await sim.app.listen({ port, host });
  const address = sim.app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return { ...sim, url: `http://${urlHost}:${boundPort}` };
}
