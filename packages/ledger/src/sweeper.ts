import type pg from 'pg';
import type { LedgerEngine } from './engine.ts';
import { uuidFromName } from './ids.ts';
import { rowToTransfer, TRANSFER_COLUMNS } from './rows.ts';
import { TransferFlags as TF, type TransferInput } from './types.ts';

/**
 * Voids pending transfers whose timeout has passed. The void's id is derived from the pending id,
 * so two sweepers (or a retry) cannot expire the same transfer twice. Returns how many expired.
 */
export async function expirePendingTransfers(
  pool: pg.Pool,
  engine: LedgerEngine,
  opts: { now?: Date; limit?: number; effects?: (pendingId: string) => unknown[] } = {},
): Promise<number> {
  const now = opts.now ?? new Date();
  const { rows } = await pool.query(
    `SELECT ${TRANSFER_COLUMNS} FROM ledger_transfers t
      WHERE (t.flags & 2) <> 0 AND t.expires_at IS NOT NULL AND t.expires_at <= $1
        AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = t.id)
      ORDER BY t.expires_at LIMIT $2`,
    [now, opts.limit ?? 1000],
  );
  let expired = 0;
  // allSettled: one void losing a race (e.g. to another process's sweeper) must not abort the pass.
  const results = await Promise.allSettled(
    rows.map((row) => {
      const p = rowToTransfer(row);
      const input: TransferInput = {
        id: uuidFromName(`expire:${p.id}`),
        pendingId: p.id,
        ledger: p.ledger,
        code: p.code,
        flags: TF.expired,
        userData: { reason: 'timeout' },
        effects: opts.effects?.(p.id) ?? [],
      };
      return engine.submitInternal([input]);
    }),
  );
  for (const r of results)
    if (r.status === 'fulfilled' && r.value[0]?.ok && r.value[0].status === 'created') expired++;
  return expired;
}
