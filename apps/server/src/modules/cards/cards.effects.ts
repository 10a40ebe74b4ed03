import type { Effect, EffectHandler } from '../../platform/effects.ts';
import { writeOutbox } from '../../platform/outbox.ts';
import { operationEvent } from './cards.events.ts';
import * as repo from './cards.repository.ts';

/**
 * Effects that keep card_operations in step with the ledger: each is applied by the engine's
 * commit hook in the transaction that creates, posts, voids or expires the operation's hold.
 */
export const CardEffect = {
  insert: 'card_operation.insert',
  resolve: 'card_operation.resolve',
  expire: 'card_operation.expire',
} as const;

export const insertOperationEffect = (op: repo.NewOperation): Effect => ({ type: CardEffect.insert, op });

export const resolveOperationEffect = (resolution: repo.Resolution): Effect => ({
  type: CardEffect.resolve,
  resolution,
});

/** For the expiry sweeper: attached to every expiry void; a no-op unless the hold is a card operation's. */
export const expireOperationEffect = (pendingTransferId: string): Effect => ({
  type: CardEffect.expire,
  pendingTransferId,
});

const field = <T>(e: Effect, name: string) => (e as Record<string, unknown>)[name] as T;

export const cardEffectHandlers: Record<string, EffectHandler> = {
  [CardEffect.insert]: (tx, effects) =>
    repo.insertOperations(
      tx,
      effects.map((e) => field<repo.NewOperation>(e, 'op')),
    ),
  [CardEffect.resolve]: (tx, effects) =>
    repo.resolveOperations(
      tx,
      effects.map((e) => field<repo.Resolution>(e, 'resolution')),
    ),
  [CardEffect.expire]: async (tx, effects) => {
    const expired = await repo.timeOutOperations(
      tx,
      effects.map((e) => field<string>(e, 'pendingTransferId')),
    );
    if (expired.length === 0) return;
    await writeOutbox(
      tx,
      expired.map((o) => operationEvent(o, 'timed_out')),
    );
  },
};
