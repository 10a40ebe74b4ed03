import type { CardNetworkClient, CardsService } from '../modules/cards/index.ts';
import type { Logger } from '../platform/logger.ts';
import type { CardCallbackFlow } from './card-callbacks.ts';

export type CardStatusPollDeps = {
  cards: CardsService;
  network: CardNetworkClient;
  callbacks: CardCallbackFlow;
  logger: Logger;
  /** A pending operation older than this has an overdue callback: the network is asked. */
  overdueSeconds: number;
  /** At most this many operations per pass (oldest first). */
  batch?: number;
};

/**
 * One pass of the overdue-callback poller: a card operation still pending long after the network
 * should have called back (the callback was lost — the API was down while the network retried, or
 * the network gave up) is settled from the network's own record, before its hold can expire. An
 * approval is posted, a decline or reversal releases the hold; a network still deciding, an
 * operation it never received (the API died before asking; the hold will expire) or a network that
 * does not answer are left for the next pass. Resolves to how many operations it booked.
 */
export function createCardStatusPoll(deps: CardStatusPollDeps) {
  return async function pass(): Promise<number> {
    const overdue = await deps.cards.overdueOperations(deps.overdueSeconds, deps.batch ?? 50);
    let booked = 0;
    for (const op of overdue) {
      const s = await deps.network.status(op.id);
      if (s.kind !== 'found' || s.status === 'pending') continue;
      const approved = s.status === 'approved';
      const r = await deps.callbacks.apply(op, {
        approved,
        reason: approved ? null : (s.reason ?? s.status),
        networkRef: s.networkRef,
      });
      if (r.ok && r.value.result !== 'duplicate') {
        booked++;
        deps.logger.warn(
          { operationId: op.id, kind: op.kind, status: s.status, result: r.value.result },
          'card callback overdue: outcome taken from the network',
        );
      }
    }
    return booked;
  };
}
