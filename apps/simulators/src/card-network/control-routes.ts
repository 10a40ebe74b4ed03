import type { FastifyPluginAsync } from 'fastify';
import { bankNameOf, brandOf, isValidPan, last4, scenarioOf } from './cards.ts';
import type { CardNetworkEngine } from './engine.ts';
import { bearerAuth } from './routes.ts';
import { controlCardBodySchema, parseBody } from './schemas.ts';
import { toView } from './state.ts';

export interface ControlRoutesOptions {
  engine: CardNetworkEngine;
  secret: string;
}

/** Test/demo control API (`/_control/*`), protected by the same bearer secret. */
export const controlRoutes: FastifyPluginAsync<ControlRoutesOptions> = async (app, opts) => {
  const { engine } = opts;
  const { state } = engine;
  app.addHook('onRequest', bearerAuth(opts.secret));

  const cardView = (pan: string) => {
    const card = state.getCard(pan);
    return {
      pan,
      last4: last4(pan),
      brand: brandOf(pan),
      bankName: bankNameOf(pan),
      scenario: scenarioOf(pan),
      balance: card.balance.toString(),
      ...(card.expiry ? { expiry: card.expiry } : {}),
    };
  };

  app.post('/_control/cards', async (request, reply) => {
    const parsed = parseBody(controlCardBodySchema, request.body);
    if (!parsed.ok) return reply.code(400).send(parsed.error);
    const { pan, balance, expiry } = parsed.value;
    state.setCard(pan, balance, expiry);
    return reply.code(200).send(cardView(pan));
  });

  app.get<{ Params: { pan: string } }>('/_control/cards/:pan', async (request, reply) => {
    const { pan } = request.params;
    if (!isValidPan(pan)) {
      return reply
        .code(400)
        .send({ code: 'INVALID_PAN', message: 'pan must be a Luhn-valid 13–19 digit number' });
    }
    return reply.code(200).send(cardView(pan));
  });

  app.get('/_control/authorizations', async (_request, reply) => {
    return reply.code(200).send({ authorizations: state.listAuthorizations().map(toView) });
  });

  app.post('/_control/reset', async (_request, reply) => {
    engine.scheduler.cancelAll();
    state.reset();
    return reply.code(200).send({ ok: true });
  });
};
