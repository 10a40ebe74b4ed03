import { failureToHttp } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { cardErrors } from './cards.errors.ts';
import { ZBindCard, ZCard, ZCardList, ZCardParams } from './cards.schema.ts';
import type { CardsService } from './cards.service.ts';

const tags = ['cards'];
const security = [{ session: [] }];

export function cardRoutes(app: App, cards: CardsService) {
  app.post(
    '/v1/cards',
    {
      // Binding is idempotent by itself (the same card twice is CARD_ALREADY_BOUND). The generic
      // Idempotency-Key store would keep an unkeyed SHA-256 of a body holding the card number.
      config: { auth: 'customer', idempotency: false },
      schema: {
        tags,
        security,
        summary: 'Link a bank card (A6): checked, verified with the card network, stored encrypted',
        description:
          'The card number is never returned or logged: responses show the last four digits, brand and bank.',
        body: ZBindCard,
        response: { 201: ZCard },
      },
    },
    async (req, reply) => {
      const r = await cards.bind(req.customer!.id, req.body);
      if (!r.ok) throw failureToHttp(cardErrors, r);
      return reply.code(201).send(r.value);
    },
  );
  app.get(
    '/v1/cards',
    {
      config: { auth: 'customer' },
      schema: { tags, security, summary: 'Your linked cards', response: { 200: ZCardList } },
    },
    async (req) => ({ items: await cards.list(req.customer!.id) }),
  );
  app.get(
    '/v1/cards/:cardId',
    {
      config: { auth: 'customer' },
      schema: { tags, security, summary: 'One of your cards', params: ZCardParams, response: { 200: ZCard } },
    },
    async (req) => {
      const r = await cards.get(req.customer!.id, req.params.cardId);
      if (!r.ok) throw failureToHttp(cardErrors, r);
      return r.value;
    },
  );
  app.delete(
    '/v1/cards/:cardId',
    {
      config: { auth: 'customer' },
      schema: {
        tags,
        security,
        summary: 'Unlink a card (refused while a top-up or withdrawal with it is pending)',
        params: ZCardParams,
        response: { 200: ZCard },
      },
    },
    async (req) => {
      const r = await cards.remove(req.customer!.id, req.params.cardId);
      if (!r.ok) throw failureToHttp(cardErrors, r);
      return r.value;
    },
  );
}
