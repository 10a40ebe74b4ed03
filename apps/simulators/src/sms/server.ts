import type { FastifyError, FastifyInstance } from 'fastify';
import Fastify from 'fastify';
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

  // Lenient JSON: an empty body counts as `{}` (e.g. a bare `POST /_control/reset`).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      done(
        Object.assign(new Error('request body is not valid JSON'), { statusCode: 400, code: 'INVALID_JSON' }),
      );
    }
  });

  app.setErrorHandler<FastifyError>((error, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) app.log.error({ err: error }, 'sms simulator error');
    const code = status >= 500 ? 'INTERNAL' : error.code || 'BAD_REQUEST';
    return reply.code(status).send({ code, message: status >= 500 ? 'internal error' : error.message });
  });
  app.setNotFoundHandler((request, reply) => {
    return reply.code(404).send({ code: 'NOT_FOUND', message: `no route ${request.method} ${request.url}` });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
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
