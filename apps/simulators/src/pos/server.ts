import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { applySimulatorShell } from '../http-shell.ts';

export interface PosSimulatorOptions {
  /** Yinbao's base URL (read per charge: it may be learnt after the simulator starts). */
  yinbaoUrl: string | (() => string);
  /** The merchant's API key (`ybk_live_…`, scope `pos:write`). */
  apiKey: string;
  /** The terminal's id, sent with every payment (default 'SIM-POS-1'). */
  terminalId?: string;
  /** How often, and how long at most, a payment awaiting the customer is polled (default 500 ms, 150 s). */
  pollIntervalMs?: number;
  pollTimeoutMs?: number;
  logger?: boolean;
}

const ZCharge = z.union([
  z.strictObject({
    method: z.literal('pay_code'),
    code: z.string().max(32),
    amount: z.string().max(20).describe('CNY, e.g. "36.50"'),
    reference: z.string().max(64).optional(),
  }),
  z.strictObject({
    method: z.literal('nfc'),
    tap: z.record(z.string(), z.unknown()),
    reference: z.string().max(64).optional(),
  }),
]);
export type PosCharge = z.infer<typeof ZCharge>;

/** What a charge ended as: Yinbao's payment (completed, declined, expired, or still awaiting when the
 * polling gave up), or its refusal. */
export type PosChargeResult =
  | { ok: true; payment: { id: string; status: string; [k: string]: unknown } }
  | { ok: false; status: number; error: { code: string; message: string; details?: unknown } };

export interface PosSimulator {
  app: FastifyInstance;
  /** The same as `POST /charge`, in process. */
  charge(input: PosCharge): Promise<PosChargeResult>;
  close(): Promise<void>;
}

/**
 * A merchant's POS terminal: takes a customer's payment code (typed or scanned) or NFC tap with the
 * amount, submits it to Yinbao over HTTP (`POST /v1/merchant/pos/payments` with the merchant's API
 * key) and, while the payment awaits the customer's confirmation on the phone, polls it until it is
 * completed, declined or expired.
 */
export function createPosSimulator(opts: PosSimulatorOptions): PosSimulator {
  const base = () =>
    (typeof opts.yinbaoUrl === 'function' ? opts.yinbaoUrl() : opts.yinbaoUrl).replace(/\/$/, '');
  const interval = opts.pollIntervalMs ?? 500;
  const timeout = opts.pollTimeoutMs ?? 150_000;
  const headers = { authorization: `Bearer ${opts.apiKey}`, 'content-type': 'application/json' };

  async function charge(input: PosCharge): Promise<PosChargeResult> {
    const reference = input.reference ?? `SIM-${randomUUID().slice(0, 18)}`;
    const body =
      input.method === 'pay_code'
        ? { method: 'pay_code', code: input.code, amount: { amount: input.amount, currency: 'CNY' } }
        : { method: 'nfc', tap: input.tap };
    const res = await fetch(`${base()}/v1/merchant/pos/payments`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': `pos-sim:${reference}` },
      body: JSON.stringify({ ...body, reference, terminalId: opts.terminalId ?? 'SIM-POS-1' }),
    });
    let payment = (await res.json()) as { id: string; status: string; code?: string; message?: string };
    if (res.status !== 201) return { ok: false, status: res.status, error: payment as never };
    const deadline = Date.now() + timeout;
    // `processing`: the customer's confirmation is being posted right now.
    while (
      (payment.status === 'awaiting_customer' || payment.status === 'processing') &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, interval));
      const poll = await fetch(`${base()}/v1/merchant/pos/payments/${payment.id}`, { headers });
      if (poll.status !== 200) return { ok: false, status: poll.status, error: (await poll.json()) as never };
      payment = (await poll.json()) as typeof payment;
    }
    return { ok: true, payment };
  }

  const app = Fastify({ logger: opts.logger ?? false });
  applySimulatorShell(app, 'pos');
  app.post('/charge', async (req, reply) => {
    const parsed = ZCharge.safeParse(req.body);
    if (!parsed.success)
      return reply
        .code(400)
        .send({ code: 'VALIDATION_ERROR', message: parsed.error.issues[0]?.message ?? 'invalid' });
    const r = await charge(parsed.data);
    return r.ok ? r.payment : reply.code(r.status).send(r.error);
  });
  return { app, charge, close: () => app.close() };
}

export interface StartedPosSimulator extends PosSimulator {
  url: string;
}

/** Creates the POS simulator and listens on `port` (0 = random) / `host` (default 127.0.0.1). */
export async function startPosSimulator(
  opts: PosSimulatorOptions & { port?: number; host?: string },
): Promise<StartedPosSimulator> {
  const { port = 0, host = '127.0.0.1', ...rest } = opts;
  const sim = createPosSimulator(rest);
  await sim.app.listen({ port, host });
  const address = sim.app.server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return { ...sim, url: `http://${host}:${bound}` };
}
