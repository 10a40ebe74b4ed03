import { prng } from '../../packages/ledger/src/test-concurrency.ts';

/** The ledger load tests' seeded PRNG (mulberry32), with `pick`: one seed, one kill schedule. */
export type Rng = { next: () => number; int: (min: number, max: number) => number; pick: <T>(xs: T[]) => T };

export function createRng(seed: number): Rng {
  const r = prng(seed);
  return { next: r.next, int: r.int, pick: (xs) => xs[r.int(0, xs.length - 1)]! };
}
