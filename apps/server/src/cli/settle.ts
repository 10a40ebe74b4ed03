import { createLedgerEngine } from '@yinbao/ledger';
import type pg from 'pg';
import { createSettlementFlow } from '../flows/settlement.ts';
import { isDate, settlementEffectHandlers } from '../modules/settlements/index.ts';
import { webhookEffectHandlers } from '../modules/webhooks/index.ts';
import type { Config } from '../platform/config.ts';
import { createCommitHook } from '../platform/effects.ts';

/**
 * `yinbao settle [--date YYYY-MM-DD]`: settles every active merchant's due business days (up to
 * `date` when given), like the server's job, with its own ledger engine (the same idempotent ids: safe
 * beside running servers). Webhook events and notifications are written with the money; a running
 * server delivers them. Resolves to the exit code.
 */
export async function settleCommand(
  config: Config,
  pool: pg.Pool,
  opts: { date?: string },
  say: (m: string) => void,
  clock: () => Date = () => new Date(),
): Promise<number> {
  if (opts.date !== undefined && !isDate(opts.date)) {
    say(`--date must be a calendar date YYYY-MM-DD, not ${opts.date}`);
    return 2;
  }
  const engine = createLedgerEngine({
    pool,
    clock,
    onCommit: createCommitHook({ ...settlementEffectHandlers, ...webhookEffectHandlers }),
  });
  try {
    const flow = createSettlementFlow({
      pool,
      engine,
      defaultMdrBps: config.settlement.mdrBps,
      delaySeconds: config.settlement.delaySeconds,
      clock,
    });
    const due = flow.lastDueDate(clock());
    if (opts.date && opts.date > due) {
      say(`${opts.date} is not due yet: the last business day past its cut-off is ${due}`);
      return 1;
    }
    const n = await flow.settleDue(opts.date);
    say(`settled ${n} merchant day(s) up to ${opts.date ?? due} (Asia/Shanghai)`);
    return 0;
  } finally {
    await engine.close();
  }
}
