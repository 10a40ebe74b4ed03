import { writeFileSync } from 'node:fs';
import type { BenchResult, Check, Machine } from './types.ts';

const ms = (v: number | null) => (v === null ? '–' : v < 10 ? v.toFixed(2) : v.toFixed(1));
const int = (v: number) => Math.round(v).toLocaleString('en-US');

/** Fills in every line's ratio to the pgbench TPS (null without pgbench). */
export function withRatios(results: BenchResult[], pgbenchTps: number | null): BenchResult[] {
  return results.map((r) => ({ ...r, ratio: pgbenchTps ? r.tps / pgbenchTps : null }));
}

/** The results as a Markdown table (readable in a terminal, pasteable into docs/benchmarks.md). */
export function formatTable(results: BenchResult[]): string {
  const head = ['Measurement', 'Throughput', 'Unit', 'p50 ms', 'p99 ms', 'p99.9 ms', '× pgbench', 'Notes'];
  const rows = results.map((r) => [
    r.name,
    int(r.tps),
    r.unit,
    ms(r.p50),
    ms(r.p99),
    ms(r.p999),
    r.ratio === null ? '–' : r.ratio.toFixed(2),
    r.notes,
  ]);
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const right = new Set([1, 3, 4, 5, 6]);
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (right.has(i) ? c.padStart(width[i]!) : c.padEnd(width[i]!))).join(' | ')} |`;
  const sep = `|${width.map((w, i) => (right.has(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(head), sep, ...rows.map(line)].join('\n');
}

export function formatMachine(m: Machine): string {
  return [
    `CPU          ${m.cpu}, ${m.cores} cores`,
    `RAM          ${m.ramGiB} GiB`,
    `OS           ${m.os}`,
    `Node.js      ${m.node}`,
    `PostgreSQL   ${m.postgres} (embedded), synchronous_commit=${m.synchronousCommit}, fsync=${m.fsync}, ` +
      `full_page_writes=${m.fullPageWrites}, shared_buffers=${m.sharedBuffers}`,
    `pgbench      ${m.pgbench ?? 'not found'}`,
    `Load average ${m.loadAverage.join(' ')} (1/5/15 min, at the start of the run)`,
  ].join('\n');
}

export function formatChecks(checks: Check[]): string {
  return checks.map((c) => `${c.pass ? 'PASS' : 'FAIL'}  ${c.name} — ${c.detail}`).join('\n');
}

export function writeJson(
  file: string,
  data: { machine: Machine; seconds: number; results: BenchResult[]; checks: Check[] },
): void {
  const round = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);
  const results = data.results.map((r) => ({
    ...r,
    tps: round(r.tps),
    p50: round(r.p50),
    p99: round(r.p99),
    p999: round(r.p999),
    ratio: round(r.ratio),
    ...(r.ceilingRatio !== undefined ? { ceilingRatio: round(r.ceilingRatio) } : {}),
    ...(r.generatorCpuMicrosPerRequest !== undefined
      ? { generatorCpuMicrosPerRequest: round(r.generatorCpuMicrosPerRequest) }
      : {}),
    ...(r.load ? { load: { ...r.load, rate: round(r.load.rate) } } : {}),
    ...(r.vs
      ? { vs: { name: r.vs.name, tps: round(r.vs.tps), p50: round(r.vs.p50), p99: round(r.vs.p99) } }
      : {}),
  }));
  writeFileSync(file, `${JSON.stringify({ ...data, results }, null, 2)}\n`);
}
