import { reconcileLedger } from '@yinbao/ledger';
import type pg from 'pg';

/**
 * `yinbao reconcile`: recomputes every ledger balance from the transfers and compares it with the
 * stored one, and checks that every ledger balances (Σ debits = Σ credits). Prints each break;
 * resolves to the exit code: 0 none, 1 any. (Comparing the settlement accounts with the card
 * network's records is issue 7's next step.)
 */
export async function reconcileCommand(pool: pg.Pool, say: (m: string) => void): Promise<number> {
  const r = await reconcileLedger(pool);
  say(`reconcile: ${r.accounts} accounts, ${r.transfers} transfers`);
  for (const b of r.breaks) {
    say(
      `BREAK account ${b.accountId} (ledger ${b.ledger}) ${b.column}: stored ${b.stored}, from transfers ${b.recomputed}`,
    );
  }
  for (const i of r.imbalances) {
    say(
      `BREAK ledger ${i.ledger} does not balance: posted ${i.posted}, pending ${i.pending} (debits − credits)`,
    );
  }
  const n = r.breaks.length + r.imbalances.length;
  say(n === 0 ? 'reconcile: no breaks' : `reconcile: ${n} break(s)`);
  return n === 0 ? 0 : 1;
}
