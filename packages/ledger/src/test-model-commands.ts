/**
 * Commands of the model-based ledger test (ledger.model.test.ts) and their fast-check arbitraries.
 * Commands are plain data: fast-check shrinks them and prints them on failure; Run (test-model-run.ts)
 * turns them into transfer inputs.
 */
import fc from 'fast-check';
import { AccountFlags as AF } from './types.ts';

export type Ledger = 156 | 840;
/** Credit side: 'same' = k-th other account of the debit's ledger, 'any' = any other account. */
export type CreditRef = { same: number } | { any: number } | 'self' | 'unknown';
export type NewSpec = {
  t: 'plain' | 'pending';
  dr: number | 'unknown';
  cr: CreditRef;
  amount: bigint;
  ledger: 'debit' | Ledger;
  timeout: number;
  ud: number;
};
export type ResolveSpec = {
  t: 'post' | 'void';
  /**
   * Which earlier transfer pendingId names: a created pending one (possibly already resolved), any
   * submitted pending one (possibly never created), a created plain one, or an unknown id.
   */
  target: 'pending' | 'anyPending' | 'plain' | 'unknown';
  ref: number;
  amount: 'omit' | 'full' | 'part' | 'over' | 'zero';
  accounts: 'omit' | 'same' | 'other';
  ledger: 'pending' | 'other';
};
export type Spec = NewSpec | ResolveSpec;
export type Cmd =
  | { c: 'one'; spec: Spec }
  | { c: 'chain'; specs: Spec[]; open: boolean }
  | { c: 'many'; specs: Spec[]; oneEvent: boolean }
  | { c: 'retry'; ref: number; change: 'none' | 'amount' | 'code' | 'reorder'; at: number }
  /** One event holding the same id twice (copy identical or with another amount; first one linked or not). */
  | { c: 'double'; spec: NewSpec; changed: boolean; linked: boolean }
  /** Advances the clock; with sweep, runs the expiry sweeper at the new time. */
  | { c: 'advance'; seconds: number; sweep: boolean }
  | { c: 'close'; acc: number; closed: boolean };
export type AccountCfg = { ledger: Ledger; flags: number; cap: bigint | null };

const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });

const amountArb = fc.oneof(w(12, fc.bigInt(1n, 400n)), w(2, fc.bigInt(401n, 3000n)), w(1, fc.constant(0n)));
const newSpecArb: fc.Arbitrary<NewSpec> = fc.record({
  t: fc.constantFrom('plain' as const, 'pending' as const),
  dr: fc.oneof(w(30, fc.nat(5)), w(1, fc.constant('unknown' as const))),
  cr: fc.oneof(
    w(
      24,
      fc.nat(5).map((k) => ({ same: k })),
    ),
    w(
      2,
      fc.nat(5).map((k) => ({ any: k })),
    ),
    w(1, fc.constant('self' as const)),
    w(1, fc.constant('unknown' as const)),
  ),
  amount: amountArb,
  ledger: fc.oneof(w(20, fc.constant('debit' as const)), w(1, fc.constantFrom<Ledger>(156, 840))),
  timeout: fc.oneof(w(1, fc.constant(0)), w(2, fc.integer({ min: 1, max: 60 }))),
  ud: fc.nat(2),
});
const resolveSpecArb: fc.Arbitrary<ResolveSpec> = fc.record({
  t: fc.constantFrom('post' as const, 'void' as const),
  target: fc.oneof(
    w(14, fc.constant('pending' as const)),
    w(1, fc.constant('anyPending' as const)),
    w(1, fc.constant('plain' as const)),
    w(1, fc.constant('unknown' as const)),
  ),
  ref: fc.nat(30),
  amount: fc.oneof(
    w(4, fc.constant('omit' as const)),
    w(2, fc.constant('full' as const)),
    w(4, fc.constant('part' as const)),
    w(1, fc.constant('over' as const)),
    w(1, fc.constant('zero' as const)),
  ),
  accounts: fc.oneof(
    w(8, fc.constant('omit' as const)),
    w(2, fc.constant('same' as const)),
    w(1, fc.constant('other' as const)),
  ),
  ledger: fc.oneof(w(20, fc.constant('pending' as const)), w(1, fc.constant('other' as const))),
});
const specArb: fc.Arbitrary<Spec> = fc.oneof(w(2, newSpecArb), w(1, resolveSpecArb));

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  w(10, fc.record({ c: fc.constant('one' as const), spec: specArb })),
  w(
    4,
    fc.record({
      c: fc.constant('chain' as const),
      specs: fc.array(specArb, { minLength: 2, maxLength: 3 }),
      open: fc.oneof(w(12, fc.constant(false)), w(1, fc.constant(true))),
    }),
  ),
  w(
    3,
    fc.record({
      c: fc.constant('many' as const),
      specs: fc.array(specArb, { minLength: 2, maxLength: 4 }),
      oneEvent: fc.boolean(),
    }),
  ),
  w(
    4,
    fc.record({
      c: fc.constant('retry' as const),
      ref: fc.nat(30),
      change: fc.oneof(
        w(4, fc.constant('none' as const)),
        w(2, fc.constant('amount' as const)),
        w(1, fc.constant('code' as const)),
        w(1, fc.constant('reorder' as const)),
      ),
      at: fc.nat(3),
    }),
  ),
  w(
    3,
    fc.record({
      c: fc.constant('advance' as const),
      seconds: fc.integer({ min: 1, max: 90 }),
      sweep: fc.oneof(w(3, fc.constant(true)), w(1, fc.constant(false))),
    }),
  ),
  w(1, fc.record({ c: fc.constant('close' as const), acc: fc.nat(5), closed: fc.boolean() })),
  w(
    1,
    fc.record({
      c: fc.constant('double' as const),
      spec: newSpecArb,
      changed: fc.boolean(),
      linked: fc.boolean(),
    }),
  ),
);

const accountCfgArb: fc.Arbitrary<AccountCfg> = fc.record({
  ledger: fc.constantFrom<Ledger>(156, 840),
  flags: fc.oneof(
    w(2, fc.constant(0)),
    w(3, fc.constant(AF.debitsMustNotExceedCredits)),
    w(1, fc.constant(AF.creditsMustNotExceedDebits)),
  ),
  cap: fc.oneof(w(3, fc.constant(null)), w(1, fc.bigInt(200n, 2000n))),
});

/**
 * Two unflagged funding accounts (one per ledger) plus 2–4 random ones, the first two of which are
 * put on ledgers 156 and 840 so that each ledger has a pair: 4–6 accounts.
 */
export const runArb = fc.record({
  extra: fc.array(accountCfgArb, { minLength: 2, maxLength: 4 }),
  cmds: fc.array(cmdArb, { minLength: 5, maxLength: 25 }),
});
