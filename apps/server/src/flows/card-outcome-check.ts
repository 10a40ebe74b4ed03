import type { CardNetworkClient, CardsService, OperationRow } from '../modules/cards/index.ts';
import type { Logger } from '../platform/logger.ts';
import type { CardCallbackFlow } from './card-callbacks.ts';

/** A callback normally arrives within milliseconds; after this long the network is asked. */
export const CHECK_PENDING_AFTER_SECONDS = 5;
const BATCH = 50;

/**
 * The card network calls back once (with a few quick retries). When that callback is lost — the API
 * was down or restarting — a top-up would stay pending until its hold expired although the network
 * had taken the money from the card (found by the crash-chaos run). This pass asks the network about
 * operations pending for a few seconds, and once about every timed-out one, and books what it says
 * exactly as the callback would have: an approval posts the hold, a decline voids it, an approval
 * after the hold was released is reversed at the network.
 */
export function createCardOutcomeCheck(deps: {
  cards: CardsService;
  network: CardNetworkClient;
  callbacks: CardCallbackFlow;
  logger: Logger;
}) {
  async function check(op: OperationRow): Promise<boolean> {
    const s = await deps.network.status(op.id);
    if (s.kind === 'unavailable') {
      deps.logger.warn({ operationId: op.id, err: s.error }, 'card network unreachable for an outcome check');
      return false;
    }
    const timedOut = op.status === 'timed_out';
    if (s.kind === 'decided') {
      deps.logger.warn(
        { operationId: op.id, kind: op.kind, approved: s.approved },
        'card network outcome found without its callback',
      );
      const r = await deps.callbacks.apply(op, s);
      // A reversal the network could not take now is tried again on the next pass.
      if (!r.ok && r.code === 'CARD_NETWORK_UNAVAILABLE') return false;
    } else if (s.kind === 'pending' || !timedOut) {
      // Undecided at the network (its callback will come), or never received there: the hold expires.
      return false;
    }
    if (timedOut) await deps.cards.noteNetworkChecked(op.id);
    return true;
  }

  /** One pass: how many operations it settled or closed. */
  async function runOnce(): Promise<number> {
    let done = 0;
    for (const id of await deps.cards.operationsToCheck(CHECK_PENDING_AFTER_SECONDS, BATCH)) {
      const op = await deps.cards.operation(id);
      if (op && (op.status === 'pending' || op.status === 'timed_out') && (await check(op))) done++;
    }
    return done;
  }

  return { runOnce };
}
