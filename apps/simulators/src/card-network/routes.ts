import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, onRequestHookHandler } from 'fastify';
import type { CardNetworkEngine } from './engine.ts';
import { authorizationBodySchema, parseBody, verifyBodySchema } from './schemas.ts';
import { toView } from './state.ts';

export interface CardNetworkRoutesOptions {
  engine: CardNetworkEngine;
  secret: string;
}

/** `onRequest` hook rejecting requests without `authorization: Bearer <secret>` (401). */
export function bearerAuth(secret: string): onRequestHookHandler {
  const expected = Buffer.from(`Bearer ${secret}`);
  return async (request, reply) => {
    const given = Buffer.from(request.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return reply.code(401).send({ code: 'UNAUTHORIZED', message: 'missing or invalid bearer secret' });
    }
  };
}

/** The wallet-facing API: card verification, authorizations (pull/push), polling and reversal. */
export const cardNetworkRoutes: FastifyPluginAsync<CardNetworkRoutesOptions> = async (app, opts) => {
  const { engine } = opts;
  app.addHook('onRequest', bearerAuth(opts.secret));

  app.post('/v1/cards/verify', async (request, reply) => {
    const parsed = parseBody(verifyBodySchema, request.body);
    if (!parsed.ok) return reply.code(400).send(parsed.error);
    return reply.code(200).send(engine.verify(parsed.value.pan, parsed.value.expiry));
  });

  app.post('/v1/authorizations', async (request, reply) => {
    const parsed = parseBody(authorizationBodySchema, request.body);
    if (!parsed.ok) return reply.code(400).send(parsed.error);
    const { kind, record } = await engine.authorize(parsed.value);
    if (kind === 'conflict') {
      return reply.code(409).send({
        code: 'IDEMPOTENCY_CONFLICT',
        message: `authorization ${record.id} already exists with a different body`,
      });
    }
    if (kind === 'replay') reply.header('idempotent-replay', 'true');
    return reply.code(202).send({ id: record.id, networkRef: record.networkRef, status: 'pending' });
  });

  app.get<{ Params: { id: string } }>('/v1/authorizations/:id', async (request, reply) => {
    const record = engine.state.getAuthorization(request.params.id);
    if (!record) return reply.code(404).send({ code: 'NOT_FOUND', message: 'unknown authorization' });
    return reply.code(200).send(toView(record));
  });

  app.post<{ Params: { id: string } }>('/v1/authorizations/:id/reversal', async (request, reply) => {
    const result = engine.reverse(request.params.id);
    if (result.kind === 'not_found') {
      return reply.code(404).send({ code: 'NOT_FOUND', message: 'unknown authorization' });
    }
    if (result.kind === 'not_reversible') {
      return reply.code(409).send({
        code: 'NOT_REVERSIBLE',
        message: `authorization is ${result.record.status}; only approved authorizations can be reversed`,
      });
    }
    return reply.code(200).send(toView(result.record));
  });

  // The network's settlement report: every authorization it holds and how it stands, for the
  // wallet's reconciliation (K4). No card numbers: the authorization id is the wallet's own.
  app.get('/v1/settlement-report', async (_request, reply) => {
    const authorizations = engine.state.listAuthorizations().map((r) => ({
      id: r.id,
      type: r.type,
      status: r.status,
      amount: r.amount.toString(),
      currency: r.currency,
      networkRef: r.networkRef,
      ...(r.decidedAt ? { decidedAt: r.decidedAt } : {}),
      ...(r.reversedAt ? { reversedAt: r.reversedAt } : {}),
    }));
    return reply.code(200).send({ generatedAt: new Date().toISOString(), authorizations });
  });
};
