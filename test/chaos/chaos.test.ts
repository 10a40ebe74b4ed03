import { expect, it } from 'vitest';
import { formatReport } from './report.ts';
import { runChaos } from './run.ts';

// The short crash-chaos run inside `npm test` (CHAOS_MINUTES overrides; `npm run test:chaos` for long runs).
const minutes = Number(process.env.CHAOS_MINUTES ?? 2);
const seed = process.env.CHAOS_SEED === undefined ? undefined : Number(process.env.CHAOS_SEED);

it(
  `crash chaos: ${minutes} min of load with the API and PostgreSQL killed (kill -9) and restarted`,
  async () => {
    const r = await runChaos({ minutes, seed, log: (m) => process.stdout.write(`${m}\n`) });
    process.stdout.write(`${formatReport(r)}\n`);
    const why = r.details.join('\n');
    expect(r.kills.api, 'API kills').toBeGreaterThanOrEqual(1);
    expect(r.kills.pg, 'PostgreSQL kills').toBeGreaterThanOrEqual(1);
    for (const [kind, f] of Object.entries(r.operations)) {
      expect(f.acknowledged, `${kind} acknowledged`).toBeGreaterThan(0);
      expect(f.unresolved, `${kind} without a definitive answer`).toBe(0);
    }
    expect(r.lost, why).toBe(0);
    expect(r.duplicated, why).toBe(0);
    expect(r.unbalancedLedgers, why).toBe(0);
    expect(r.reconcileExit, why).toBe(0);
    expect(r.outboxBreaks, why).toBe(0);
    expect(r.webhookBreaks, why).toBe(0);
    expect(r.networkBreaks, why).toBe(0);
    expect(r.logLinesScanned).toBeGreaterThan(0);
    expect(r.leaks, why).toBe(0);
    expect(r.serverErrors, why).toBe(0);
    expect(r.malformedRefusals, why).toBe(0);
  },
  (minutes * 60 + 420) * 1000,
);
