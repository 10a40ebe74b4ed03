/** Latency samples in milliseconds; percentiles by sorting (a few million samples at most). */
export class Latencies {
  private buf = new Float64Array(1 << 16);
  private n = 0;

  add(ms: number): void {
    if (this.n === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.n++] = ms;
  }

  get count(): number {
    return this.n;
  }

  /** Percentiles (0–100) in milliseconds, nearest-rank; null when there are no samples. */
  percentiles(ps: number[]): Array<number | null> {
    if (this.n === 0) return ps.map(() => null);
    const sorted = this.buf.slice(0, this.n).sort();
    return ps.map((p) => sorted[Math.min(this.n - 1, Math.max(0, Math.ceil((p / 100) * this.n) - 1))]!);
  }
}

/** Unmeasured warm-up before a group of measurements (JIT, connections, caches): 1–2 s. */
export const warmupSeconds = (seconds: number) => Math.min(2, Math.max(1, seconds / 5));
