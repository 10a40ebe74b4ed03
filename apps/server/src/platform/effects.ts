import type { Accepted, CommitHook, Transfer } from '@yinbao/ledger';
import type pg from 'pg';
import { type OutboxEvent, type OutboxHandler, writeAndDeliver, writeOutbox } from './outbox.ts';

/**
 * What else must happen, atomically, when a transfer is created: attached to the transfer as
 * `effects`, applied by the ledger engine's commit hook in the same database transaction.
 */
export type Effect = { type: 'outbox'; event: OutboxEvent } | { type: string; [k: string]: unknown };

/** Applies a batch's effects of one type; `transfers[i]` is the created transfer `effects[i]` came with. */
export type EffectHandler = (tx: pg.PoolClient, effects: Effect[], transfers: Transfer[]) => Promise<void>;

export const outboxEffect = (event: OutboxEvent): Effect => ({ type: 'outbox', event });

/**
 * Groups the batch's effects by type and applies each group set-based. Unknown types are a bug.
 * With `outboxHandlers`, outbox events whose handlers run in the transaction (notifications) are
 * delivered there and then; `afterCommit` (waking the outbox worker) runs only when some event
 * was left for the worker.
 */
export function createCommitHook(
  handlers: Record<string, EffectHandler>,
  afterCommit?: () => void,
  outboxHandlers?: Record<string, OutboxHandler[]>,
): CommitHook {
  let leftForWorker = false;
  const all: Record<string, EffectHandler> = {
    outbox: async (tx, effects) => {
      const events = effects.map((e) => (e as { event: OutboxEvent }).event);
      if (!outboxHandlers) {
        await writeOutbox(tx, events);
        leftForWorker = true;
      } else if (await writeAndDeliver(tx, events, outboxHandlers)) leftForWorker = true;
    },
    ...handlers,
  };
  return async (tx, created: Array<Accepted & { transfer: Transfer }>) => {
    const byType = new Map<string, { effects: Effect[]; transfers: Transfer[] }>();
    for (const a of created) {
      for (const e of (a.input.effects ?? []) as Effect[]) {
        const group = byType.get(e.type) ?? { effects: [], transfers: [] };
        byType.set(e.type, group);
        group.effects.push(e);
        group.transfers.push(a.transfer);
      }
    }
    leftForWorker = false;
    for (const [type, group] of byType) {
      const h = all[type];
      if (!h) throw new Error(`no handler for effect type ${type}`);
      await h(tx, group.effects, group.transfers);
    }
    if (leftForWorker) queueMicrotask(() => afterCommit?.());
  };
}
