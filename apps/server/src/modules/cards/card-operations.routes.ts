import { z } from 'zod';
import type { CardCallbackFlow } from '../../flows/card-callbacks.ts';
import type { CardTopupFlow } from '../../flows/card-topup.ts';
import type { CardWithdrawalFlow } from '../../flows/card-withdrawal.ts';
import { paymentSession } from '../../flows/outgoing-checks.ts';
import { failureToHttp } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { callbackErrors, cardOperationErrors } from './cards.errors.ts';
import { ZCardOperation, ZCreateCardOperation, ZOperationParams } from './cards.schema.ts';

const tags = ['cards'];
const security = [{ session: [] }];

export type CardOperationFlows = {
  topup: CardTopupFlow;
  withdrawal: CardWithdrawalFlow;
  callbacks: CardCallbackFlow;
};

const idempotencyKey = (h: string | string[] | undefined) => (typeof h === 'string' ? h : undefined);

/** A7: top-up from and withdrawal to a linked card, and the card network's signed callback. */
export function cardOperationRoutes(app: App, flows: CardOperationFlows) {
  for (const kind of ['topup', 'withdrawal'] as const) {
    const flow = flows[kind];
    const path = kind === 'topup' ? '/v1/topups' : '/v1/withdrawals';
    app.post(
      path,
      {
        config: { auth: 'customer', scope: 'payment' },
        schema: {
          tags,
          security,
          summary:
            kind === 'topup'
              ? 'Top up the wallet from a linked card (A7 pull)'
              : 'Withdraw from the wallet to a linked card (A7 push)',
          description:
            'Asynchronous: answers 202 with status "pending"; poll the operation (or watch notifications) for ' +
            'succeeded / declined / timed_out. Send an Idempotency-Key: a retry never moves money twice.',
          body: ZCreateCardOperation,
          response: { 202: ZCardOperation },
        },
      },
      async (req, reply) => {
        const key = idempotencyKey(req.headers['idempotency-key']);
        const r =
          kind === 'topup'
            ? await flows.topup.start(req.customer!.id, req.body, key)
            : await flows.withdrawal.start(req.customer!.id, req.body, key, paymentSession(req.customer!));
        if (!r.ok) throw failureToHttp(cardOperationErrors, r);
        return reply.code(202).send(r.value);
      },
    );
    app.get(
      `${path}/:id`,
      {
        config: { auth: 'customer' },
        schema: {
          tags,
          security,
          summary: kind === 'topup' ? 'One of your top-ups' : 'One of your withdrawals',
          params: ZOperationParams,
          response: { 200: ZCardOperation },
        },
      },
      async (req) => {
        const r = await flow.get(req.customer!.id, req.params.id);
        if (!r.ok) throw failureToHttp(cardOperationErrors, r);
        return r.value;
      },
    );
  }

  // The signature covers the exact bytes sent, so this route (and only this one, in its own
  // encapsulated context) receives the JSON body unparsed.
  void app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) =>
      done(null, body),
    );
    scope.post(
      '/v1/callbacks/card-network',
      {
        config: { auth: 'none', idempotency: false },
        schema: {
          tags,
          summary: 'Card network → wallet: the outcome of an authorization (signed, x-signature)',
          description:
            'x-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>. Repeated callbacks are answered 200 and change nothing.',
          response: { 200: z.object({ operationId: z.string(), result: z.string() }) },
        },
      },
      async (req) => {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const sig = req.headers['x-signature'];
        const r = await flows.callbacks.handle(raw, typeof sig === 'string' ? sig : undefined);
        if (!r.ok) throw failureToHttp(callbackErrors, r);
        return r.value;
      },
    );
  });
}
