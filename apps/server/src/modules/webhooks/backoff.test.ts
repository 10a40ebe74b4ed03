import { describe, expect, it } from 'vitest';
import { JITTER, nextAttemptAt, RETRY_SCHEDULE_SECONDS } from './backoff.ts';

describe('webhook retry back-off', () => {
  const t0 = new Date('2026-01-01T00:00:00Z');
  it('grows from seconds to a day, with jitter inside ±20 %, and gives up after about three days', () => {
    let total = 0;
    for (let n = 1; n <= RETRY_SCHEDULE_SECONDS.length; n++) {
      const base = RETRY_SCHEDULE_SECONDS[n - 1]! * 1000;
      const lo = nextAttemptAt(t0, n, () => 0)!.getTime() - t0.getTime();
      const hi = nextAttemptAt(t0, n, () => 0.999999)!.getTime() - t0.getTime();
      expect(lo).toBe(Math.round(base * (1 - JITTER)));
      expect(hi).toBeLessThanOrEqual(Math.round(base * (1 + JITTER)));
      expect(hi).toBeGreaterThan(base);
      total += base;
    }
    expect(nextAttemptAt(t0, RETRY_SCHEDULE_SECONDS.length + 1)).toBeNull();
    expect(total / 3600_000).toBeGreaterThan(60);
    expect(total / 3600_000).toBeLessThan(80);
    expect(RETRY_SCHEDULE_SECONDS[0]).toBe(10);
  });
});
