// `npm run test:chaos -- --minutes 30 [--seed N] [--clients N] [--keep]`: the long crash-chaos run.
import { parseArgs } from 'node:util';
import { formatReport } from './report.ts';
import { runChaos } from './run.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '2' },
    seed: { type: 'string' },
    clients: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const say = (m: string) => process.stdout.write(`${m}\n`);
const report = await runChaos({
  minutes: Number(values.minutes),
  seed: values.seed === undefined ? undefined : Number(values.seed),
  clients: values.clients === undefined ? undefined : Number(values.clients),
  keep: values.keep,
  log: say,
});
say(formatReport(report));
const unresolved = Object.values(report.operations).reduce((n, f) => n + f.unresolved, 0);
const failed =
  unresolved +
    report.lost +
    report.duplicated +
    report.unbalancedLedgers +
    report.outboxBreaks +
    report.webhookBreaks +
    report.networkBreaks +
    report.leaks +
    report.serverErrors +
    report.malformedRefusals +
    report.reconcileExit !==
  0;
process.exit(failed ? 1 : 0);
