import type { IncomingMessage, ServerResponse } from 'node:http';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type pg from 'pg';
import { HttpError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import {
  type Authenticate,
  type AuthenticateMerchant,
  type AuthenticateStaff,
  registerAuth,
} from './auth.ts';
import { clientErrorHandler, frameworkErrors } from './framework-errors.ts';
import { registerIdempotency, releaseIdempotencyKey, sendError } from './idempotency.ts';
import { withErrorResponses } from './openapi.ts';
import { type RateLimits, registerRateLimits } from './rate-limit.ts';
import { registerWebApp, spaFallback } from './web.ts';

/** The Fastify instance modules register their routes on (zod schemas give types and OpenAPI). */
export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export type HttpAppDeps = {
  pool: pg.Pool;
  logger: Logger;
  metrics: Metrics;
  authenticate: Authenticate;
  authenticateStaff?: AuthenticateStaff;
  authenticateMerchant?: AuthenticateMerchant;
  rateLimits?: RateLimits;
  /** The built web app (apps/web/dist) to serve at `/`; nothing is served when absent or not built. */
  webRoot?: string;
};

/** The API shell: validation, OpenAPI, auth, idempotency, errors, health and metrics. Modules add routes. */
export async function createHttpApp(deps: HttpAppDeps): Promise<App> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: 64 * 1024,
    trustProxy: false,
    genReqId: () => crypto.randomUUID(),
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  // JSON only: without this, text/plain bodies reach validation as strings (400) instead of 415.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Yinbao API',
        version: '0.1.0',
        description:
          'Bank digital wallet API. Amounts are decimal strings with a currency. Every POST accepts an Idempotency-Key header. Errors are {code, message, details?}.',
      },
      components: {
        securitySchemes: {
          session: {
            type: 'http',
            scheme: 'bearer',
            description: 'Opaque session token from /v1/auth/login',
          },
          staffSession: {
            type: 'http',
            scheme: 'bearer',
            description: 'Back-office staff session token (ybo_…) from /v1/staff/auth/login',
          },
          merchantKey: {
            type: 'http',
            scheme: 'bearer',
            description: 'Merchant API key (ybk_live_…) from POST /v1/merchants/{merchantId}/api-keys',
          },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: (d) => ('openapiObject' in d ? withErrorResponses(d.openapiObject) : d.swaggerObject),
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerAuth(app, deps.authenticate, deps.authenticateStaff, deps.authenticateMerchant);
  registerRateLimits(app, deps.rateLimits ?? {});
  registerIdempotency(app, { pool: deps.pool });
  deps.metrics.instrument(app);

  app.setErrorHandler(async (error, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      return sendError(reply, 400, 'VALIDATION_ERROR', 'The request is not valid: see details', {
        issues: error.validation.map((v) => ({ path: v.instancePath || '/', message: v.message })),
      });
    }
    if (error instanceof HttpError) {
      // A non-final answer (e.g. "confirm this payment") must not be replayed to the confirmed retry.
      // If the database is gone, the key stays `in_progress` until its lease ends; the answer stands.
      if (!error.final)
        await releaseIdempotencyKey(deps.pool, req).catch((e: Error) =>
          req.log.warn({ err: e.message }, 'idempotency: key not released'),
        );
      return sendError(reply, error.status, error.code, error.message, error.details);
    }
    const e = error as { code?: string; statusCode?: number; message: string };
    if (
      e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      (e.statusCode === 400 && /JSON/.test(e.message))
    ) {
      return sendError(reply, 400, 'MALFORMED_JSON', 'The request body is not valid JSON');
    }
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return sendError(reply, 413, 'PAYLOAD_TOO_LARGE', 'The request body is too large');
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendError(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
    }
    // Backstop for text PostgreSQL cannot store (schemas refuse it first): a client error, not a 503.
    if (e.code === '22021' || e.code === '22P05' || e.code === '54000') {
      return sendError(reply, 400, 'INVALID_TEXT', 'The request contains text that cannot be stored');
    }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return sendError(reply, e.statusCode, 'BAD_REQUEST', e.message);
    }
    req.log.error({ err: error }, 'unhandled error');
    return sendError(
      reply,
      503,
      'SERVICE_UNAVAILABLE',
      'The service could not complete the request; retry with the same Idempotency-Key',
    );
  });
  const web = deps.webRoot ? await registerWebApp(app, deps.webRoot) : false;
  app.setNotFoundHandler((req, reply) => {
    if (web && spaFallback(req, reply)) return reply;
    return sendError(reply, 404, 'NOT_FOUND', 'No such resource');
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await deps.pool.query('SELECT 1');
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ code: 'NOT_READY', message: 'The database is not reachable' });
    }
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.header('content-type', deps.metrics.contentType);
    return deps.metrics.render();
  });
  return app;
}
