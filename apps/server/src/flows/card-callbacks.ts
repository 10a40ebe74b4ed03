import { type LedgerEngine, TransferFlags, type TransferInput, uuidFromName } from '@yinbao/ledger';
import {
  type CallbackError,
  type CardNetworkClient,
  type CardsService,
  type OperationRow,
  operationEvent,
  resolveOperationEffect,
  verifyCallbackSignature,
  ZCardNetworkCallback,
} from '../modules/cards/index.ts';
import { outboxEffect } from '../platform/effects.ts';
import { err, ok, type Result } from '../platform/errors.ts';
import type { Logger } from '../platform/logger.ts';
import { TransferCode } from '../platform/system-accounts.ts';

export type CardCallbackDeps = {
  engine: LedgerEngine;
  cards: CardsService;
  network: CardNetworkClient;
  logger: Logger;
  /** The shared secret the network signs callbacks with. */
  secret: string;
};

export type NetworkOutcome = { approved: boolean; reason: string | null; networkRef: string | null };

/**
 * settled   – this call posted/voided the hold
 * duplicate – the same outcome was already booked (a repeated callback): nothing changed
 * late      – approved, but the hold was already released (expired or voided): money moved at the
 *             network and not in the wallet, so it must be reversed there
 * conflict  – the opposite outcome was already booked
 */
export type SettleResult = 'settled' | 'duplicate' | 'late' | 'conflict';

export type CallbackResult = { operationId: string; result: SettleResult | 'reversed' };

/**
 * The network's answer to a top-up or withdrawal. Approved → post the hold; declined → void it
 * (the ledger gives back the withdrawal's limit usage). The operation's status and the customer's notification are
 * effects of that same ledger transfer, so they commit with the money or not at all. Ids are
 * derived from the operation id: a repeated callback finds its transfer already there.
 */
export function createCardCallbackFlow(deps: CardCallbackDeps) {
  async function settle(op: OperationRow, o: NetworkOutcome): Promise<SettleResult> {
    const facts = {
      id: op.id,
      customerId: op.customerId,
      kind: op.kind,
      amount: op.amount,
      currency: op.currency,
      cardId: op.cardId,
      last4: op.card.last4,
      bankName: op.card.bankName,
    };
    const base = {
      pendingId: op.pendingTransferId,
      ledger: 156,
      code: op.kind === 'topup' ? TransferCode.topup : TransferCode.withdrawal,
      userData: { kind: op.kind, operationId: op.id },
    };
    const transfer: TransferInput = o.approved
      ? {
          ...base,
          id: uuidFromName(`card-post:${op.id}`),
          flags: TransferFlags.postPending,
          effects: [
            resolveOperationEffect({
              operationId: op.id,
              status: 'succeeded',
              declineReason: null,
              networkRef: o.networkRef,
            }),
            outboxEffect(operationEvent(facts, 'succeeded')),
          ],
        }
      : {
          ...base,
          id: uuidFromName(`card-void:${op.id}`),
          flags: TransferFlags.voidPending,
          // The ledger gives back the limit usage the hold took (ledger_pending_limits).
          effects: [
            resolveOperationEffect({
              operationId: op.id,
              status: 'declined',
              declineReason: o.reason ?? 'declined',
              networkRef: o.networkRef,
            }),
            outboxEffect(operationEvent(facts, 'declined', o.reason ?? 'declined')),
          ],
        };
    const [r] = await deps.engine.submit([transfer]);
    if (r!.ok) return r!.status === 'created' ? 'settled' : 'duplicate';
    switch (r!.code) {
      case 'PENDING_TRANSFER_ALREADY_POSTED':
        return o.approved ? 'duplicate' : 'conflict';
      case 'PENDING_TRANSFER_ALREADY_VOIDED':
      case 'PENDING_TRANSFER_EXPIRED':
        return o.approved ? 'late' : 'duplicate';
      default:
        throw new Error(`unexpected ledger result ${r!.code} settling card operation ${op.id}`);
    }
  }

  async function handle(
    rawBody: Buffer,
    signature: string | undefined,
  ): Promise<Result<CallbackResult, CallbackError>> {
    if (!verifyCallbackSignature(deps.secret, signature, rawBody)) return err('INVALID_SIGNATURE');
    let json: unknown;
    try {
      json = JSON.parse(rawBody.toString('utf8'));
    } catch {
      return err('INVALID_CALLBACK');
    }
    const parsed = ZCardNetworkCallback.safeParse(json);
    if (!parsed.success) return err('INVALID_CALLBACK');
    const cb = parsed.data;
    const op = await deps.cards.operation(cb.id);
    if (!op) return err('OPERATION_NOT_FOUND');
    if (
      cb.type !== (op.kind === 'topup' ? 'pull' : 'push') ||
      cb.amount !== op.amount.toString() ||
      cb.currency !== op.currency
    ) {
      deps.logger.error({ operationId: op.id }, 'card network callback does not match the operation');
      return err('CALLBACK_MISMATCH');
    }
    return apply(op, {
      approved: cb.status === 'approved',
      reason: cb.reason ?? null,
      networkRef: cb.networkRef ?? null,
    });
  }

  /**
   * Books the network's decision, whichever way it arrived (its callback, or our asking: see
   * card-outcome-check.ts): posts or voids the hold; an approval after the hold was released is
   * reversed at the network.
   */
  async function apply(op: OperationRow, o: NetworkOutcome): Promise<Result<CallbackResult, CallbackError>> {
    const log = { operationId: op.id, kind: op.kind, status: o.approved ? 'approved' : 'declined' };
    const result = await settle(op, o);
    if (result === 'conflict') {
      deps.logger.error(log, 'card network reported a decline for an operation already approved');
      return err('CALLBACK_CONFLICT');
    }
    if (result !== 'late') {
      deps.logger.info({ ...log, result }, 'card network outcome');
      return ok({ operationId: op.id, result });
    }
    // Approved after the hold was released: the wallet will not book it, so undo it at the network.
    const rev = await deps.network.reverse(op.id);
    if (rev.kind === 'unavailable') {
      deps.logger.warn({ ...log, err: rev.error }, 'late approval: reversal failed, the network will retry');
      return err('CARD_NETWORK_UNAVAILABLE');
    }
    if (rev.kind === 'reversed') {
      await deps.cards.noteNetworkReversed(op.id);
      deps.logger.warn(log, 'late approval after the hold was released: reversed at the network');
      return ok({ operationId: op.id, result: 'reversed' });
    }
    // Needs a person: reconciliation (K4) reports it; answering 2xx stops pointless retries.
    deps.logger.error({ ...log, reversal: rev.kind }, 'late approval could not be reversed');
    return ok({ operationId: op.id, result: 'late' });
  }

  return { settle, handle, apply };
}

export type CardCallbackFlow = ReturnType<typeof createCardCallbackFlow>;
