import type { CardNetworkState } from '@yinbao/simulators';
import type pg from 'pg';
import { TransferCode } from '../../apps/server/src/platform/system-accounts.ts';
import type { Op, OpKind } from './load.ts';

/** What the database holds after the run, compared with what the clients were told. */
export type Verdict = {
  /** Acknowledged operations whose effect is missing or differs (amount, state). */
  lost: string[];
  /** Effects in the ledger that no acknowledgement accounts for, or two effects for one key. */
  duplicated: string[];
  /** Σ debits ≠ Σ credits in a ledger (posted or pending). */
  unbalancedLedgers: string[];
  outboxEvents: number;
  /** Operations without their outbox event, or with more than one per (topic, customer). */
  outboxBreaks: string[];
  webhookEvents: number;
  webhooksDelivered: number;
  webhookDuplicateDeliveries: number;
  webhookBreaks: string[];
  /** Top-ups whose ledger outcome differs from the card network's record. */
  networkBreaks: string[];
};

const CODE: Record<OpKind, number> = {
  p2p: TransferCode.p2p,
  qr: TransferCode.qrPayment,
  topup: TransferCode.topup,
  order: TransferCode.orderPayment,
  refund: TransferCode.refund,
};
const PENDING = 2;
const RESOLUTION = 4 | 8 | 16;

type TransferRow = { id: string; amount: bigint; code: number; flags: number; pending_id: string | null };

/** 1 + 2: every acknowledged operation is in the ledger once, and the ledger holds nothing else. */
async function ledgerAgainstAcks(db: pg.ClientBase, acked: Op[], v: Verdict) {
  const { rows } = await db.query<TransferRow>(
    'SELECT id, amount, code, flags, pending_id FROM ledger_transfers WHERE code = ANY($1)',
    [Object.values(CODE)],
  );
  const originals = new Map(rows.filter((r) => (r.flags & RESOLUTION) === 0).map((r) => [r.id, r]));
  const resolutions = new Map<string, number>();
  for (const r of rows.filter((r) => r.pending_id)) {
    resolutions.set(r.pending_id!, (resolutions.get(r.pending_id!) ?? 0) + 1);
  }
  const ops = await db.query<{ id: string; amount: bigint; status: string; pending_transfer_id: string }>(
    'SELECT id, amount, status, pending_transfer_id FROM card_operations',
  );
  const cardOps = new Map(ops.rows.map((o) => [o.id, o]));
  const explained = new Set<string>();
  for (const op of acked) {
    const label = `${op.kind} ${op.id}`;
    if (op.kind === 'topup') {
      const row = cardOps.get(op.id!);
      const hold = row && originals.get(row.pending_transfer_id);
      if (!row || row.amount !== op.amountMinor || !hold || hold.amount !== op.amountMinor)
        v.lost.push(`${label}: card operation or hold missing or of another amount`);
      else if (row.status === 'pending') v.lost.push(`${label}: still pending after the drain`);
      if (hold) explained.add(hold.id);
      continue;
    }
    const t = originals.get(op.id!);
    if (!t || t.amount !== op.amountMinor || t.code !== CODE[op.kind]) {
      v.lost.push(`${label}: ${t ? `amount ${t.amount} code ${t.code}` : 'no transfer'}`);
      continue;
    }
    const held = (t.flags & PENDING) !== 0;
    if (held !== (op.state === 'held'))
      v.lost.push(`${label}: acknowledged ${op.state}, ledger flags ${t.flags}`);
    explained.add(t.id);
  }
  for (const [id, t] of originals) {
    if (!explained.has(id))
      v.duplicated.push(`transfer ${id} (code ${t.code}, ${t.amount}) acknowledged to no one`);
  }
  for (const [pendingId, n] of resolutions) {
    if (n > 1) v.duplicated.push(`pending transfer ${pendingId} resolved ${n} times`);
  }
  const ackedTopups = new Set(acked.filter((o) => o.kind === 'topup').map((o) => o.id));
  for (const id of cardOps.keys()) {
    if (!ackedTopups.has(id)) v.duplicated.push(`card operation ${id} acknowledged to no one`);
  }
  // Refunds: the row under the acknowledged id, and never more refunded than paid.
  const refunds = await db.query<{ id: string; amount: bigint }>('SELECT id, amount FROM merchant_refunds');
  const refundRows = new Map(refunds.rows.map((r) => [r.id, r.amount]));
  for (const op of acked.filter((o) => o.kind === 'refund')) {
    if (refundRows.get(op.id!) !== op.amountMinor) v.lost.push(`refund ${op.id}: refund row missing`);
  }
  const over = await db.query(
    `SELECT o.id FROM merchant_orders o JOIN merchant_refunds r ON r.order_id = o.id
      GROUP BY o.id, o.amount HAVING sum(r.amount) > o.amount`,
  );
  for (const r of over.rows) v.duplicated.push(`order ${r.id} refunded more than paid`);
}

async function ledgerTotals(db: pg.ClientBase, v: Verdict) {
  const { rows } = await db.query(
    `SELECT ledger, sum(debits_posted) AS dp, sum(credits_posted) AS cp,
            sum(debits_pending) AS dq, sum(credits_pending) AS cq
       FROM ledger_accounts GROUP BY ledger`,
  );
  for (const r of rows) {
    if (r.dp !== r.cp || r.dq !== r.cq)
      v.unbalancedLedgers.push(`ledger ${r.ledger}: posted ${r.dp}/${r.cp}, pending ${r.dq}/${r.cq}`);
  }
}

/** The operation an outbox event is about (its transfer or card operation id). */
function subjectOf(payload: Record<string, unknown> & { notification?: { data?: { transferId?: string } } }) {
  return (payload.operationId ?? payload.transferId ?? payload.notification?.data?.transferId) as
    | string
    | undefined;
}

/** 4: each committed operation has its events, none twice (per topic and recipient). */
async function outboxAgainstAcks(db: pg.ClientBase, acked: Op[], v: Verdict) {
  const { rows } = await db.query('SELECT id, topic, customer_id, payload FROM outbox_events');
  v.outboxEvents = rows.length;
  const perOp = new Map<string, Map<string, number>>();
  for (const e of rows) {
    const subject = subjectOf(e.payload);
    if (!subject) continue;
    const groups = perOp.get(subject) ?? new Map<string, number>();
    perOp.set(subject, groups);
    const g = `${e.topic} → ${e.customer_id}`;
    groups.set(g, (groups.get(g) ?? 0) + 1);
  }
  const ackedIds = new Set(acked.map((o) => o.id));
  for (const op of acked) {
    const groups = perOp.get(op.id!);
    if (!groups) {
      v.outboxBreaks.push(`${op.kind} ${op.id}: no event`);
      continue;
    }
    for (const [g, n] of groups) if (n > 1) v.outboxBreaks.push(`${op.kind} ${op.id}: ${n}× ${g}`);
    if (op.kind === 'topup') {
      const outcomes = [...groups.keys()].filter((g) => g.startsWith('topup.'));
      if (outcomes.length !== 1) v.outboxBreaks.push(`topup ${op.id}: outcome events ${outcomes.join(', ')}`);
    }
  }
  for (const subject of perOp.keys()) {
    if (!ackedIds.has(subject)) v.outboxBreaks.push(`event about ${subject}, which no one was told of`);
  }
}

/** 5: every payment/refund webhook event exists once per acknowledged operation and was received. */
async function webhooksAgainstAcks(
  db: pg.ClientBase,
  acked: Op[],
  received: Map<string, number>,
  v: Verdict,
) {
  const { rows } = await db.query(
    `SELECT id, type, body FROM webhook_events WHERE type IN ('payment.received', 'order.paid', 'refund.succeeded')`,
  );
  v.webhookEvents = rows.length;
  const bySubject = new Map<string, number>();
  for (const e of rows) {
    const data = JSON.parse(e.body).data;
    const subject = e.type === 'refund.succeeded' ? data.refundId : data.paymentId;
    bySubject.set(subject, (bySubject.get(subject) ?? 0) + 1);
    const n = received.get(e.id) ?? 0;
    if (n === 0) v.webhookBreaks.push(`${e.type} ${e.id} never delivered`);
    else v.webhooksDelivered++;
    v.webhookDuplicateDeliveries += Math.max(0, n - 1);
  }
  for (const op of acked.filter((o) => o.kind === 'qr' || o.kind === 'order' || o.kind === 'refund')) {
    const n = bySubject.get(op.id!) ?? 0;
    if (n !== 1) v.webhookBreaks.push(`${op.kind} ${op.id}: ${n} webhook events`);
  }
}

/** Top-ups: the wallet was credited exactly when the card network took the money. */
function networkAgainstLedger(
  cardOps: Array<{ id: string; status: string }>,
  network: CardNetworkState,
  v: Verdict,
) {
  for (const op of cardOps) {
    const rec = network.getAuthorization(op.id);
    const approved = rec?.status === 'approved';
    if (approved !== (op.status === 'succeeded'))
      v.networkBreaks.push(`topup ${op.id}: ledger ${op.status}, network ${rec?.status ?? 'no record'}`);
  }
}

export async function verify(
  db: pg.ClientBase,
  ops: Op[],
  received: Map<string, number>,
  network: CardNetworkState,
): Promise<Verdict> {
  const v: Verdict = {
    lost: [],
    duplicated: [],
    unbalancedLedgers: [],
    outboxEvents: 0,
    outboxBreaks: [],
    webhookEvents: 0,
    webhooksDelivered: 0,
    webhookDuplicateDeliveries: 0,
    webhookBreaks: [],
    networkBreaks: [],
  };
  const acked = ops.filter((o) => o.status !== null && o.status < 300);
  await ledgerAgainstAcks(db, acked, v);
  await ledgerTotals(db, v);
  await outboxAgainstAcks(db, acked, v);
  await webhooksAgainstAcks(db, acked, received, v);
  const { rows } = await db.query('SELECT id, status FROM card_operations');
  networkAgainstLedger(rows, network, v);
  return v;
}
