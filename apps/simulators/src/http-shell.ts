import type { FastifyError, FastifyInstance } from 'fastify';

/**
 * What every simulator's HTTP service shares: lenient JSON (an empty body is `{}`), `{code, message}`
 * errors, a JSON 404 and `/healthz`.
 */
export function applySimulatorShell(app: FastifyInstance, name: string): void {
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
    if (status >= 500) app.log.error({ err: error }, `${name} simulator error`);
    const code = status >= 500 ? 'INTERNAL' : error.code || 'BAD_REQUEST';
    return reply.code(status).send({ code, message: status >= 500 ? 'internal error' : error.message });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ code: 'NOT_FOUND', message: `no route ${request.method} ${request.url}` }),
  );
  app.get('/healthz', async () => ({ status: 'ok' }));
}
