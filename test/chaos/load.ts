import { randomUUID } from 'node:crypto';
import type { Customer, Merchant } from './fixtures.ts';
import { type Answer, type RetryStats, sendUntilDefinitive } from './http.ts';
import type { Rng } from './rng.ts';

export type OpKind = 'p2p' | 'qr' | 'topup' | 'order' | 'refund';
export const OP_KINDS: OpKind[] = ['p2p', 'qr', 'topup', 'order', 'refund'];

/** One money operation as the client saw it: its one idempotency key and its definitive answer. */
export type Op = {
  kind: OpKind;
  key: string;
  customerId: string;
  amountMinor: bigint;
  /** null: no definitive answer before the run gave up (never acknowledged). */
  status: number | null;
  /** The id the API acknowledged (transfer, card operation, refund). */
  id?: string;
  /** The acknowledged state (`completed`, `held`, `pending`, `succeeded`…) or the refusal code. */
  state?: string;
  orderId?: string;
  /** The last answer that was not definitive (kept to explain an unresolved operation). */
  lastTransient?: string;
};

export type LoadState = { ops: Op[]; retries: RetryStats; setupCalls: number };

const yuan = (minor: bigint) => `${minor / 100n}.${String(minor % 100n).padStart(2, '0')}`;
const money = (minor: bigint) => ({ amount: yuan(minor), currency: 'CNY' });

type Ctx = {
  base: () => string;
  me: Customer;
  others: Customer[];
  merchant: Merchant;
  rng: Rng;
  state: LoadState;
  /** In-flight operations keep retrying until this turns false (the drain deadline). */
  retrying: () => boolean;
};

async function run(ctx: Ctx, op: Op, method: string, path: string, token: string, body: unknown) {
  ctx.state.ops.push(op);
  const a = await sendUntilDefinitive(
    ctx.base,
    method,
    path,
    { token, body, key: op.key },
    ctx.state.retries,
    ctx.retrying,
    (t) => {
      op.lastTransient = t
        ? `${t.status} ${t.json?.code ?? t.text.slice(0, 80)}`
        : 'no answer (timeout or network)';
    },
  );
  record(op, a);
  return a;
}

function record(op: Op, a: Answer | null) {
  op.status = a?.status ?? null;
  if (a && a.status < 300) {
    op.id = a.json.id;
    op.state = a.json.status;
  } else if (a) op.state = a.json?.code ?? String(a.status);
}

const newOp = (kind: OpKind, me: Customer, amountMinor: bigint): Op => ({
  kind,
  key: `chaos-${kind}-${randomUUID()}`,
  customerId: me.customerId,
  amountMinor,
  status: null,
});

async function p2p(ctx: Ctx) {
  const to = ctx.rng.pick(ctx.others);
  const op = newOp('p2p', ctx.me, BigInt(ctx.rng.int(1, 300)));
  await run(ctx, op, 'POST', '/v1/transfers', ctx.me.token, {
    to: { walletId: to.walletId },
    amount: money(op.amountMinor),
    note: 'chaos',
  });
}

async function qr(ctx: Ctx) {
  const op = newOp('qr', ctx.me, BigInt(ctx.rng.int(1, 200)));
  await run(ctx, op, 'POST', '/v1/qr/pay', ctx.me.token, {
    payload: ctx.merchant.qrPayload,
    amount: money(op.amountMinor),
  });
}

async function topup(ctx: Ctx, amountMinor = BigInt(ctx.rng.int(500, 5000))) {
  const op = newOp('topup', ctx.me, amountMinor);
  await run(ctx, op, 'POST', '/v1/topups', ctx.me.token, {
    cardId: ctx.me.cardId,
    amount: money(amountMinor),
  });
}

/** The merchant's server creates an order (idempotent by reference), the customer pays it, and the
 * merchant may refund part or all of it (idempotent by refund reference). */
async function orderAndRefund(ctx: Ctx) {
  const amount = BigInt(ctx.rng.int(50, 500));
  ctx.state.setupCalls++;
  const created = await sendUntilDefinitive(
    ctx.base,
    'POST',
    '/v1/merchant/orders',
    {
      token: ctx.merchant.apiKey,
      body: { amount: money(amount), reference: `CHAOS-${randomUUID()}` },
    },
    ctx.state.retries,
    ctx.retrying,
  );
  if (!created || created.status >= 300) return;
  const pay = newOp('order', ctx.me, amount);
  pay.orderId = created.json.id;
  const paid = await run(ctx, pay, 'POST', `/v1/checkout/${pay.orderId}/pay`, ctx.me.token, {});
  if (paid?.status !== 201 || ctx.rng.next() < 0.3) return;
  const refund = newOp(
    'refund',
    ctx.me,
    ctx.rng.next() < 0.5 ? amount : BigInt(ctx.rng.int(1, Number(amount))),
  );
  refund.orderId = pay.orderId;
  await run(ctx, refund, 'POST', `/v1/merchant/orders/${pay.orderId}/refunds`, ctx.merchant.apiKey, {
    amount: money(refund.amountMinor),
    reference: `RF-${refund.key.slice(-20)}`,
  });
}

/** One virtual client: operations one after another until `running()` turns false. */
export async function virtualClient(ctx: Ctx, running: () => boolean): Promise<void> {
  await topup(ctx, 20_000n); // ¥200 to start with
  while (running()) {
    const r = ctx.rng.next();
    if (r < 0.4) await p2p(ctx);
    else if (r < 0.65) await qr(ctx);
    else if (r < 0.8) await topup(ctx);
    else await orderAndRefund(ctx);
    await new Promise((res) => setTimeout(res, ctx.rng.int(5, 60)));
  }
}

export type { Ctx as ClientContext };
