/** One line of the results table. Latencies in milliseconds; `tps` is operations per second. */
export type BenchResult = {
  name: string;
  /** What `tps` counts: database transactions, ledger transfers or HTTP requests. */
  unit: 'tx/s' | 'transfers/s' | 'req/s';
  tps: number;
  p50: number | null;
  p99: number | null;
  p999: number | null;
  /** tps / pgbench TPS, or null without pgbench. */
  ratio: number | null;
  /** Throughput and latencies as multiples of another line's (the QR line: of uniform P2P). */
  vs?: { name: string; tps: number; p50: number | null; p99: number | null };
  /** HTTP lines: how the load was offered (open loop: a fixed rate, latencies CO-corrected). */
  load?: { mode: 'closed' | 'open'; connections: number; rate: number | null };
  /** A latency target, printed and recorded, never asserted. */
  target?: { p99Ms: number; met: boolean };
  /** HTTP lines: the load generator's own CPU per request, in microseconds. */
  generatorCpuMicrosPerRequest?: number;
  /** Engine lines: tps / the set-based SQL ceiling's tps for the same workload and batch size. */
  ceilingRatio?: number;
  notes: string;
};

export type Check = { name: string; pass: boolean; detail: string };

export type Machine = {
  cpu: string;
  cores: number;
  ramGiB: number;
  os: string;
  node: string;
  postgres: string;
  synchronousCommit: string;
  fsync: string;
  fullPageWrites: string;
  sharedBuffers: string;
  pgbench: string | null;
  /** 1, 5 and 15 minute load averages when the run started: other work on the machine skews figures. */
  loadAverage: number[];
};

export type Log = (line: string) => void;
