import { z } from 'zod';
import { paymentSession } from '../../flows/outgoing-checks.ts';
import type { P2pTransferFlow } from '../../flows/p2p-transfer.ts';
import { failureToHttp } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { sendCreated } from '../../platform/http/idempotency.ts';
import { transferErrors } from './transfers.errors.ts';
import { ZCreateTransfer, ZTransfer } from './transfers.schema.ts';

const tags = ['transfers'];
const security = [{ session: [] }];

export function transferRoutes(app: App, p2p: P2pTransferFlow) {
  app.post(
    '/v1/transfers',
    {
      config: { auth: 'customer', scope: 'payment', idempotency: 'ledger' },
      schema: {
        tags,
        security,
        summary: 'Send money to another wallet by phone number or wallet id (T1)',
        description:
          'Send an Idempotency-Key: a retry with the same key returns the original result and never pays twice.',
        body: ZCreateTransfer,
        response: { 201: ZTransfer },
      },
    },
    async (req, reply) => {
      const key = req.headers['idempotency-key'];
      const r = await p2p.send(
        req.customer!.id,
        req.body,
        typeof key === 'string' ? key : undefined,
        paymentSession(req.customer!),
        req.ledgerIdempotency,
      );
      if (!r.ok) throw failureToHttp(transferErrors, r);
      return sendCreated(req, reply, r.value.transfer, r.value.replayed);
    },
  );
  app.get(
    '/v1/transfers/:transferId',
    {
      config: { auth: 'customer' },
      schema: {
        tags,
        security,
        summary: 'A transfer you sent or received',
        params: z.object({ transferId: z.uuid() }),
        response: { 200: ZTransfer },
      },
    },
    async (req) => {
      const r = await p2p.get(req.customer!.id, req.params.transferId);
      if (!r.ok) throw failureToHttp(transferErrors, r);
      return r.value;
    },
  );
}
