import { TransferFlags as TF } from '@yinbao/ledger';
import type pg from 'pg';
import { AccountCode, systemAccountId, TransferCode } from '../../platform/system-accounts.ts';
import type { NetworkAuthorization } from './card-network.client.ts';

/** How the wallet's ledger stands on one card operation: its hold, and what resolved it. */
export type WalletCardOperation = {
  id: string;
  kind: 'topup' | 'withdrawal';
  amount: bigint;
  currency: string;
  /** `posted` (money moved), `released` (voided or expired: nothing moved) or `pending` (held). */
  ledger: 'posted' | 'released' | 'pending';
  /** The amount the post moved (equal to `amount` unless something is wrong). */
  postedAmount: bigint | null;
};

export type CardBreak = {
  operationId: string;
  reason:
    | 'approved_at_network_not_booked'
    | 'booked_but_not_approved_at_network'
    | 'booked_but_unknown_to_network'
    | 'unknown_to_wallet'
    | 'amount_or_type_differs'
    | 'settlement_transfer_without_operation'
    | 'totals_differ';
  wallet: string;
  network: string;
};

export type CardReconciliation = {
  operations: number;
  networkRecords: number;
  matched: number;
  /** Still being decided (network pending, or a callback not yet booked): not breaks yet. */
  inFlight: Array<{ operationId: string; wallet: string; network: string }>;
  /** Created at the wallet, released, never reached the network: nothing moved anywhere. */
  neverSent: number;
  breaks: CardBreak[];
  /** Net money the network moved into the wallet (pulls − pushes, approved and not reversed). */
  networkNet: bigint;
  /** The card-network settlement account's posted debits − credits (what the ledger says moved in). */
  ledgerNet: bigint;
};

const SETTLEMENT = systemAccountId(156, AccountCode.cardNetworkSettlement);
const typeOf = (kind: WalletCardOperation['kind']) => (kind === 'topup' ? 'pull' : 'push');

/**
 * Compares the wallet's card operations with the network's settlement report, one authorization
 * id (the operation id) at a time. Money moved on one side only is a break; a decision still
 * travelling (network pending, callback not yet booked) is in flight.
 */
export function compareCardRecords(
  wallet: WalletCardOperation[],
  network: NetworkAuthorization[],
): Omit<CardReconciliation, 'ledgerNet'> {
  const byId = new Map(network.map((n) => [n.id, n]));
  const seen = new Set<string>();
  const out: Omit<CardReconciliation, 'ledgerNet'> = {
    operations: wallet.length,
    networkRecords: network.length,
    matched: 0,
    inFlight: [],
    neverSent: 0,
    breaks: [],
    networkNet: 0n,
  };
  for (const n of network) {
    if (n.status === 'approved') out.networkNet += n.type === 'pull' ? n.amount : -n.amount;
  }
  for (const w of wallet) {
    const n = byId.get(w.id);
    seen.add(w.id);
    const walletSide = `${w.kind} ${w.amount} ${w.currency} ${w.ledger}`;
    if (!n) {
      if (w.ledger === 'posted')
        out.breaks.push({
          operationId: w.id,
          reason: 'booked_but_unknown_to_network',
          wallet: walletSide,
          network: 'no record',
        });
      else if (w.ledger === 'pending')
        out.inFlight.push({ operationId: w.id, wallet: walletSide, network: 'not yet asked' });
      else out.neverSent++;
      continue;
    }
    const networkSide = `${n.type} ${n.amount} ${n.currency} ${n.status}`;
    if (n.type !== typeOf(w.kind) || n.amount !== w.amount || n.currency !== w.currency) {
      out.breaks.push({
        operationId: w.id,
        reason: 'amount_or_type_differs',
        wallet: walletSide,
        network: networkSide,
      });
      continue;
    }
    if (w.ledger === 'posted' && w.postedAmount !== w.amount) {
      out.breaks.push({
        operationId: w.id,
        reason: 'amount_or_type_differs',
        wallet: `${walletSide} (posted ${w.postedAmount})`,
        network: networkSide,
      });
      continue;
    }
    const moved = n.status === 'approved';
    const undone = n.status === 'declined' || n.status === 'reversed';
    if ((moved && w.ledger === 'posted') || (undone && w.ledger === 'released')) out.matched++;
    else if (moved && w.ledger === 'released')
      out.breaks.push({
        operationId: w.id,
        reason: 'approved_at_network_not_booked',
        wallet: walletSide,
        network: networkSide,
      });
    else if (!moved && w.ledger === 'posted')
      out.breaks.push({
        operationId: w.id,
        reason: 'booked_but_not_approved_at_network',
        wallet: walletSide,
        network: networkSide,
      });
    // Network pending, or decided with the wallet's hold still open (the callback is on its way).
    else out.inFlight.push({ operationId: w.id, wallet: walletSide, network: networkSide });
  }
  for (const n of network) {
    if (seen.has(n.id)) continue;
    out.breaks.push({
      operationId: n.id,
      reason: 'unknown_to_wallet',
      wallet: 'no operation',
      network: `${n.type} ${n.amount} ${n.currency} ${n.status}`,
    });
  }
  return out;
}

/**
 * The wallet's side, read in one repeatable-read snapshot: every card operation with the state of
 * its hold, the settlement account's posted net, and posted settlement transfers that belong to no
 * card operation (money said to come from the network that the network cannot know of).
 */
export async function readWalletCardSide(pool: pg.Pool): Promise<{
  operations: WalletCardOperation[];
  ledgerNet: bigint;
  orphans: CardBreak[];
}> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const ops = await client.query(
      `SELECT o.id, o.kind, o.amount::text AS amount, o.currency, r.flags AS rflags, r.amount::text AS ramount
         FROM card_operations o
         LEFT JOIN LATERAL (SELECT flags, amount FROM ledger_transfers r
                             WHERE r.pending_id = o.pending_transfer_id LIMIT 1) r ON true`,
    );
    const net = await client.query(
      `SELECT (debits_posted - credits_posted)::text AS net FROM ledger_accounts WHERE id = $1`,
      [SETTLEMENT],
    );
    // Posted transfers on the settlement account that are not the post of a card operation's hold.
    const orphans = await client.query(
      `SELECT t.id, t.code, t.amount::text AS amount
         FROM ledger_transfers t
        WHERE (t.debit_account_id = $1 OR t.credit_account_id = $1)
          AND t.flags & $2 = 0
          AND NOT EXISTS (SELECT 1 FROM card_operations o WHERE o.pending_transfer_id = t.pending_id)
        ORDER BY t.id`,
      [SETTLEMENT, TF.pending | TF.voidPending | TF.expired],
    );
    await client.query('COMMIT');
    return {
      operations: ops.rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        amount: BigInt(r.amount),
        currency: r.currency.trim(),
        ledger:
          r.rflags === null
            ? 'pending'
            : (r.rflags & TF.postPending) !== 0
              ? 'posted'
              : ('released' as const),
        postedAmount: r.rflags !== null && (r.rflags & TF.postPending) !== 0 ? BigInt(r.ramount) : null,
      })),
      ledgerNet: BigInt(net.rows[0]?.net ?? 0),
      orphans: orphans.rows.map((r) => ({
        operationId: r.id,
        reason: 'settlement_transfer_without_operation' as const,
        wallet: `transfer code ${r.code === TransferCode.topup ? 'topup' : r.code} ${r.amount} posted`,
        network: 'no authorization',
      })),
    };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

/** Ledger vs card network (K4): both sides, compared. */
export async function reconcileCardNetwork(
  pool: pg.Pool,
  network: NetworkAuthorization[],
): Promise<CardReconciliation> {
  const side = await readWalletCardSide(pool);
  const compared = compareCardRecords(side.operations, network);
  const breaks = [...compared.breaks, ...side.orphans];
  // Belt and braces: with every operation matched, the two sides' totals must agree as well.
  if (breaks.length === 0 && compared.inFlight.length === 0 && compared.networkNet !== side.ledgerNet)
    breaks.push({
      operationId: '-',
      reason: 'totals_differ',
      wallet: `settlement account net ${side.ledgerNet}`,
      network: `approved pulls − pushes ${compared.networkNet}`,
    });
  return { ...compared, breaks, ledgerNet: side.ledgerNet };
}
