import type { FastifyPluginAsync } from 'fastify';
import { bearerAuth } from '../card-network/routes.ts';
import type { SendMessageBody } from './schemas.ts';
import {
  DEFAULT_LIST_LIMIT,
  latestQuerySchema,
  listQuerySchema,
  parseInput,
  sendMessageBodySchema,
} from './schemas.ts';
import type { SmsMessage, SmsState } from './state.ts';

export interface SmsRoutesOptions {
  state: SmsState;
  secret: string;
}

function sameBody(stored: SmsMessage, body: SendMessageBody): boolean {
  return stored.to === body.to && stored.text === body.text;
}

/** The gateway-facing API: `POST /v1/messages`. */
export const smsRoutes: FastifyPluginAsync<SmsRoutesOptions> = async (app, opts) => {
  const { state } = opts;
  app.addHook('onRequest', bearerAuth(opts.secret));

  app.post('/v1/messages', async (request, reply) => {
    const parsed = parseInput(sendMessageBodySchema, request.body);
    if (!parsed.ok) return reply.code(400).send(parsed.error);
    const body = parsed.value;

    if (body.reference !== undefined) {
      const existing = state.findByReference(body.reference);
      if (existing) {
        if (!sameBody(existing, body)) {
          return reply.code(409).send({
            code: 'IDEMPOTENCY_CONFLICT',
            message: `message ${body.reference} already exists with a different body`,
          });
        }
        reply.header('idempotent-replay', 'true');
        return reply.code(202).send({ id: existing.id, status: 'accepted' });
      }
    }

    if (state.failTo.has(body.to)) {
      return reply
        .code(502)
        .send({ code: 'DELIVERY_FAILED', message: 'the operator could not deliver the message' });
    }

    const message = state.add(body);
    return reply.code(202).send({ id: message.id, status: 'accepted' });
  });
};

/** Test/demo control API (`/_control/*`), protected by the same bearer secret. */
export const smsControlRoutes: FastifyPluginAsync<SmsRoutesOptions> = async (app, opts) => {
  const { state } = opts;
  app.addHook('onRequest', bearerAuth(opts.secret));

  app.get('/_control/messages', async (request, reply) => {
    const parsed = parseInput(listQuerySchema, request.query);
    if (!parsed.ok) return reply.code(400).send(parsed.error);
    const { to, limit = DEFAULT_LIST_LIMIT } = parsed.value;
    return reply.code(200).send({ items: state.list({ to, limit }) });
  });

  app.get('/_control/messages/latest', async (request, reply) => {
    const parsed = parseInput(latestQuerySchema, request.query);
    if (!parsed.ok) return reply.code(400).send(parsed.error);
    const message = state.latest(parsed.value.to);
    if (!message) return reply.code(404).send({ code: 'NOT_FOUND', message: 'no message' });
    return reply.code(200).send(message);
  });

  app.post('/_control/reset', async (_request, reply) => {
    state.reset();
    return reply.code(200).send({ ok: true });
  });
};
