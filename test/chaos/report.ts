import type { ApiExit } from './api-process.ts';
import type { Verdict } from './checks.ts';
import { type LoadState, OP_KINDS, type OpKind } from './load.ts';
import { summariseErrors } from './server-errors.ts';

export type KindFigures = { attempted: number; acknowledged: number; refused: number; unresolved: number };

export type ChaosReport = {
  seed: number;
  minutes: number;
  seconds: number;
  kills: { api: number; pg: number };
  /** API exits the run did not cause (a start while PostgreSQL was down, or a crash). */
  apiSelfExits: number;
  operations: Record<OpKind, KindFigures>;
  /** Refusal codes seen (business answers; e.g. INSUFFICIENT_FUNDS). */
  refusals: Record<string, number>;
  retries: number;
  lost: number;
  duplicated: number;
  unbalancedLedgers: number;
  reconcileExit: number;
  outboxEvents: number;
  outboxBreaks: number;
  webhookEvents: number;
  webhooksDelivered: number;
  webhookDuplicateDeliveries: number;
  webhookBreaks: number;
  networkBreaks: number;
  logLinesScanned: number;
  leaks: number;
  /** Errors the API logged that a database outage does not explain (server-errors.ts). */
  serverErrors: number;
  /** Refusals outside the error contract (`{code: UPPER_SNAKE, message}`), e.g. a driver's error code. */
  malformedRefusals: number;
  /** The first few breaks of each kind, for the failure message. */
  details: string[];
};

export function buildReport(r: {
  seed: number;
  minutes: number;
  seconds: number;
  kills: { api: number; pg: number };
  apiExits: ApiExit[];
  state: LoadState;
  verdict: Verdict;
  reconcile: { code: number; output: string };
  logLines: number;
  leaks: number;
  leakSummary: string;
  serverErrors: string[];
}): ChaosReport {
  const operations = Object.fromEntries(
    OP_KINDS.map((k) => [k, { attempted: 0, acknowledged: 0, refused: 0, unresolved: 0 }]),
  ) as Record<OpKind, KindFigures>;
  const refusals: Record<string, number> = {};
  for (const op of r.state.ops) {
    const f = operations[op.kind];
    f.attempted++;
    if (op.status === null) f.unresolved++;
    else if (op.status < 300) f.acknowledged++;
    else {
      f.refused++;
      const code = `${op.kind}:${op.state}`;
      refusals[code] = (refusals[code] ?? 0) + 1;
    }
  }
  const v = r.verdict;
  const malformed = r.state.ops.filter(
    (o) => o.status !== null && o.status >= 300 && !/^[A-Z][A-Z0-9_]*$/.test(o.state ?? ''),
  );
  const unresolved = r.state.ops.filter((o) => o.status === null);
  const details = [
    ...unresolved
      .slice(0, 5)
      .map(
        (o) =>
          `unresolved: ${o.kind} key ${o.key}${o.orderId ? ` order ${o.orderId}` : ''}, last answer ${o.lastTransient ?? 'none'}`,
      ),
    ...v.lost.slice(0, 5).map((x) => `lost: ${x}`),
    ...v.duplicated.slice(0, 5).map((x) => `duplicated: ${x}`),
    ...v.unbalancedLedgers.map((x) => `unbalanced: ${x}`),
    ...v.outboxBreaks.slice(0, 5).map((x) => `outbox: ${x}`),
    ...v.webhookBreaks.slice(0, 5).map((x) => `webhook: ${x}`),
    ...v.networkBreaks.slice(0, 5).map((x) => `card network: ${x}`),
    ...(r.reconcile.code !== 0
      ? [`reconcile exit ${r.reconcile.code}: ${r.reconcile.output.slice(-1500)}`]
      : []),
    ...(r.leaks ? [`secrets in logs: ${r.leakSummary}`] : []),
    ...malformed
      .slice(0, 5)
      .map((o) => `refusal outside the error contract: ${o.kind} ${o.status} ${o.state}`),
    ...(r.serverErrors.length ? [`server errors: ${summariseErrors(r.serverErrors)}`] : []),
  ];
  return {
    seed: r.seed,
    minutes: r.minutes,
    seconds: r.seconds,
    kills: r.kills,
    apiSelfExits: r.apiExits.filter((e) => !e.killed).length,
    operations,
    refusals,
    retries: r.state.retries.retries,
    lost: v.lost.length,
    duplicated: v.duplicated.length,
    unbalancedLedgers: v.unbalancedLedgers.length,
    reconcileExit: r.reconcile.code,
    outboxEvents: v.outboxEvents,
    outboxBreaks: v.outboxBreaks.length,
    webhookEvents: v.webhookEvents,
    webhooksDelivered: v.webhooksDelivered,
    webhookDuplicateDeliveries: v.webhookDuplicateDeliveries,
    webhookBreaks: v.webhookBreaks.length,
    networkBreaks: v.networkBreaks.length,
    logLinesScanned: r.logLines,
    leaks: r.leaks,
    serverErrors: r.serverErrors.length,
    malformedRefusals: malformed.length,
    details,
  };
}

export function formatReport(r: ChaosReport): string {
  const ops = OP_KINDS.map((k) => {
    const f = r.operations[k];
    return `  ${k.padEnd(7)} attempted ${String(f.attempted).padStart(5)}  acknowledged ${String(f.acknowledged).padStart(5)}  refused ${String(f.refused).padStart(4)}  unresolved ${f.unresolved}`;
  });
  const refusals = Object.entries(r.refusals)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return [
    `crash chaos: seed ${r.seed}, ${r.minutes} min of load (${r.seconds} s in all)`,
    `kills: API ${r.kills.api}, PostgreSQL ${r.kills.pg}; API exits by itself ${r.apiSelfExits}`,
    ...ops,
    `  refusals: ${refusals || 'none'}`,
    `retries ${r.retries}`,
    `lost ${r.lost}, duplicated ${r.duplicated}, unbalanced ledgers ${r.unbalancedLedgers}, reconcile exit ${r.reconcileExit}`,
    `outbox events ${r.outboxEvents}, breaks ${r.outboxBreaks}`,
    `webhook events ${r.webhookEvents}, delivered ${r.webhooksDelivered}, duplicate deliveries ${r.webhookDuplicateDeliveries}, breaks ${r.webhookBreaks}`,
    `card network vs ledger breaks ${r.networkBreaks}`,
    `log lines scanned ${r.logLinesScanned}, leaks ${r.leaks}, server errors not explained by an outage ${r.serverErrors}, refusals outside the error contract ${r.malformedRefusals}`,
    ...r.details,
  ].join('\n');
}
