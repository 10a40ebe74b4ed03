import type { Accepted, CommitHook } from '@yinbao/ledger';
import type pg from 'pg';
import { type OutboxEvent, writeOutbox } from './outbox.ts';

/**
 * What else must happen, atomically, when a transfer is created: attached to the transfer as
 * `effects`, applied by the ledger engine's commit hook in the same database transaction.
 */
export type Effect = { type: 'outbox'; event: OutboxEvent } | { type: string; [k: string]: unknown };

export type EffectHandler = (tx: pg.PoolClient, effects: Effect[]) => Promise<void>;

export const outboxEffect = (event: OutboxEvent): Effect => ({ type: 'outbox', event });

/** Groups the batch's effects by type and applies each group set-based. Unknown types are a bug. */
export function createCommitHook(
  handlers: Record<string, EffectHandler>,
  afterCommit?: () => void,
): CommitHook {
  const all: Record<string, EffectHandler> = {
    outbox: (tx, effects) =>
      writeOutbox(
        tx,
        effects.map((e) => (e as { event: OutboxEvent }).event),
      ),
    ...handlers,
  };
  return async (tx, created: Accepted[]) => {
    const byType = new Map<string, Effect[]>();
    for (const a of created) {
      for (const e of (a.input.effects ?? []) as Effect[]) {
        const list = byType.get(e.type) ?? [];
        list.push(e);
        byType.set(e.type, list);
      }
    }
    for (const [type, effects] of byType) {
      const h = all[type];
      if (!h) throw new Error(`no handler for effect type ${type}`);
      await h(tx, effects);
    }
    if (byType.size > 0) queueMicrotask(() => afterCommit?.());
  };
}
