import { reconcileLedger } from '@yinbao/ledger';
import type pg from 'pg';
import { type CardNetworkClient, reconcileCardNetwork } from '../modules/cards/index.ts';

export type ReconcileOptions = {
  /** The card network to compare the settlement account with; null skips that part (said so). */
  cardNetwork: CardNetworkClient | null;
};

/**
 * `yinbao reconcile`: recomputes every ledger balance from the transfers and compares it with the
 * stored one, checks that every ledger balances (Σ debits = Σ credits), and compares the card
 * operations and the card-network settlement account with the network's settlement report (K4).
 * Prints each break; resolves to the exit code: 0 none, 1 any break, 2 the network could not be asked.
 */
export async function reconcileCommand(
  pool: pg.Pool,
  say: (m: string) => void,
  opts: ReconcileOptions = { cardNetwork: null },
): Promise<number> {
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
  let n = r.breaks.length + r.imbalances.length;
  let unreachable = false;
  if (!opts.cardNetwork) {
    say('card network: not compared (--no-card-network)');
  } else {
    const report = await opts.cardNetwork.settlementReport();
    if (report.kind === 'unavailable') {
      say(`card network: settlement report unavailable (${report.error}); not compared`);
      unreachable = true;
    } else {
      const c = await reconcileCardNetwork(pool, report.authorizations);
      say(
        `card network: ${c.operations} operations, ${c.networkRecords} network records; ${c.matched} matched, ` +
          `${c.neverSent} never sent, ${c.inFlight.length} in flight; settlement net ${c.ledgerNet} (ledger) / ${c.networkNet} (network)`,
      );
      for (const f of c.inFlight) say(`in flight ${f.operationId}: wallet ${f.wallet}; network ${f.network}`);
      for (const b of c.breaks)
        say(`BREAK card ${b.operationId} ${b.reason}: wallet ${b.wallet}; network ${b.network}`);
      n += c.breaks.length;
    }
  }
  say(n === 0 ? 'reconcile: no breaks' : `reconcile: ${n} break(s)`);
  return n > 0 ? 1 : unreachable ? 2 : 0;
}
