/**
 * Model-based test of the ledger engine against real PostgreSQL.
 *
 * fast-check generates random command sequences (5–25 commands) over 4–6 fresh accounts on two
 * ledgers (156, 840) with a mix of flags; every command is applied both to the engine and to the
 * in-memory reference model (test-model.ts). After EVERY step we compare:
 *   - each transfer's result (status or error code, and for ok results the transfer returned)
 *   - the four balance columns of every account of the sequence
 *   - invariants: per ledger Σdebits = Σcredits (posted and pending), no flagged account violates its
 *     flag or cap, the global ledger_totals view shows no imbalance
 * and at the end of each sequence: the transfer rows stored for the sequence's accounts are exactly
 * the model's transfers (no failed transfer stored) and replaying them reproduces the stored balances.
 *
 * One database for the file; each sequence gets fresh accounts (new uuids) and its own time window
 * (earlier than every previous sequence's), so the global sweeper never sees another sequence's
 * pending transfers. Runs: LEDGER_MODEL_RUNS (default 1000); LEDGER_MODEL_SEED (+ LEDGER_MODEL_PATH)
 * replay a failure printed by fast-check. A failure message shows the first diverging step and a
 * trace of the sequence so far (A* = accounts, T* = transfers, U* = ids of nothing).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.ts';
import { createAccounts, updateAccountSettings } from './accounts.ts';
import { createLedgerEngine, type LedgerEngine } from './engine.ts';
import { uuidv7 } from './ids.ts';
import { expirePendingTransfers } from './sweeper.ts';
import { type AccountCfg, type Cmd, runArb } from './test-model-commands.ts';
import { checkBalancesAndInvariants, checkStoredTransfers } from './test-model-db.ts';
import { type Acc, Run } from './test-model-run.ts';
import { TransferFlags as TF, type TransferInput } from './types.ts';

const RUNS = Number(process.env.LEDGER_MODEL_RUNS ?? 1000);
const SEED = process.env.LEDGER_MODEL_SEED ? Number(process.env.LEDGER_MODEL_SEED) : undefined;
/** With LEDGER_MODEL_SEED, the `path` fast-check printed replays the shrunk counterexample directly. */
const PATH = process.env.LEDGER_MODEL_PATH;

// ---------------------------------------------------------------------------------------------
// Harness (commands and arbitraries: test-model-commands.ts; per-sequence state: test-model-run.ts;
// database checks: test-model-db.ts)

let db: TestDatabase;
let engine: LedgerEngine;
let nowMs = 0;
let runNo = 0;
const DAY = 86_400_000;
const BASE = Date.UTC(2400, 0, 1);
const coverage = new Map<string, number>();
const bump = (k: string, n = 1) => coverage.set(k, (coverage.get(k) ?? 0) + n);

beforeAll(async () => {
  db = await createTestDatabase();
  engine = createLedgerEngine({ pool: db.pool, clock: () => new Date(nowMs) });
});
afterAll(async () => {
  await engine?.close();
  await db?.drop();
});

async function submitAndCompare(run: Run, step: string, events: TransferInput[][]): Promise<void> {
  // The engine processes queued events in arrival order; the model does the same sequentially.
  const expected = events.map((e) => run.model.submit(e));
  const actual = await Promise.all(events.map((e) => engine.submit(e)));
  for (const [i, ev] of events.entries()) {
    const exp = expected[i]!.map((r) => run.showExpected(r));
    const act = actual[i]!.map((r) => run.showActual(r));
    for (const r of expected[i]!) bump(r.ok ? r.status : r.code);
    run.trace.push(`${step} event ${ev.map((t) => run.describe(t)).join(' ')}\n      → ${act.join(', ')}`);
    if (JSON.stringify(exp) !== JSON.stringify(act)) {
      throw new Error(
        `result mismatch at ${step}, event ${i}\n  expected: ${exp.join(', ')}\n  actual:   ${act.join(', ')}`,
      );
    }
    if (ev.length > 0) run.events.push(ev);
  }
}

async function runSequence(extra: AccountCfg[], cmds: Cmd[]): Promise<void> {
  // A fresh time window per sequence, earlier than all previous ones (see the file comment).
  nowMs = BASE - runNo++ * DAY;
  const cfgs: AccountCfg[] = [
    { ledger: 156, flags: 0, cap: null },
    { ledger: 840, flags: 0, cap: null },
    ...extra.map((c, i): AccountCfg => (i < 2 ? { ...c, ledger: i === 0 ? 156 : 840 } : c)),
  ];
  const accs: Acc[] = cfgs.map((c) => ({ ...c, id: uuidv7() }));
  const created = await Promise.all(
    accs.map((a, i) =>
      createAccounts(db.pool, [
        { id: a.id, ledger: a.ledger, code: 10 + i, flags: a.flags, maxCreditBalance: a.cap },
      ]),
    ),
  );
  expect(created.flat().every((r) => r.ok && r.status === 'created')).toBe(true);
  const run = new Run(accs, nowMs);
  for (const a of accs)
    run.model.addAccount({ id: a.id, ledger: a.ledger, flags: a.flags, maxCreditBalance: a.cap });
  run.trace.push(
    `accounts: ${accs.map((a, i) => `A${i}{L${a.ledger} f${a.flags}${a.cap !== null ? ` cap=${a.cap}` : ''}}`).join(' ')}`,
  );

  try {
    for (const [i, cmd] of cmds.entries()) {
      const step = `#${i} ${cmd.c}`;
      run.model.nowMs = nowMs;
      run.inCommand.clear();
      switch (cmd.c) {
        case 'one':
          await submitAndCompare(run, step, [[run.materialize(cmd.spec)]]);
          break;
        case 'chain': {
          const ev = cmd.specs.map((s) => run.materialize(s));
          ev.forEach((t, k) => {
            if (k < ev.length - 1 || cmd.open) t.flags = (t.flags ?? 0) | TF.linked;
          });
          await submitAndCompare(run, step, [ev]);
          break;
        }
        case 'many': {
          const ts = cmd.specs.map((s) => run.materialize(s));
          await submitAndCompare(run, step, cmd.oneEvent ? [ts] : ts.map((t) => [t]));
          break;
        }
        case 'double': {
          const t = run.materialize(cmd.spec);
          const copy = { ...t, amount: cmd.changed ? (t.amount ?? 0n) + 1n : t.amount };
          if (cmd.linked) t.flags = (t.flags ?? 0) | TF.linked;
          await submitAndCompare(run, step, [[t, copy]]);
          break;
        }
        case 'retry': {
          const ev = run.retryEvent(cmd);
          if (ev) await submitAndCompare(run, `${step}(${cmd.change})`, [ev]);
          break;
        }
        case 'advance': {
          nowMs += cmd.seconds * 1000;
          run.model.nowMs = nowMs;
          if (!cmd.sweep) {
            run.trace.push(`${step} +${cmd.seconds}s (no sweep)`);
            break;
          }
          const exp = run.model.expire(nowMs);
          const n = await expirePendingTransfers(db.pool, engine, { now: new Date(nowMs) });
          bump('sweeper-expired', exp.pendingIds.length);
          run.trace.push(
            `${step} +${cmd.seconds}s → sweeper expired ${n} (model: ${exp.pendingIds.map((p) => run.label(p)).join(' ') || 'none'})`,
          );
          if (exp.results.some((r) => !r.ok) || n !== exp.pendingIds.length) {
            throw new Error(`sweeper at ${step} expired ${n}, model expected ${exp.pendingIds.length}`);
          }
          break;
        }
        case 'close': {
          const a = accs[cmd.acc % accs.length]!;
          await updateAccountSettings(db.pool, a.id, { closed: cmd.closed });
          run.model.setClosed(a.id, cmd.closed);
          run.trace.push(`${step} ${run.label(a.id)} closed=${cmd.closed}`);
          break;
        }
      }
      await checkBalancesAndInvariants(db.pool, run, step, i === cmds.length - 1);
    }
    await checkStoredTransfers(db.pool, run);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new Error(
      `${msg}\n\ntrace (A* accounts, T* transfers, U* unknown ids):\n  ${run.trace.join('\n  ')}`,
    );
  }
}

describe('ledger engine vs in-memory model', () => {
  it(
    `random command sequences agree with the model after every step (${RUNS} runs)`,
    async () => {
      const started = performance.now();
      await fc.assert(
        fc.asyncProperty(runArb, ({ extra, cmds }) => runSequence(extra, cmds)),
        { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), ...(PATH ? { path: PATH } : {}) },
      );
      const seconds = (performance.now() - started) / 1000;
      const cov = [...coverage].sort((a, b) => b[1] - a[1]);
      console.log(
        `ledger model: ${RUNS} sequences in ${seconds.toFixed(1)} s; engine ${JSON.stringify(engine.stats())}\n` +
          `  expected outcomes: ${cov.map(([k, v]) => `${k}=${v}`).join(' ')}`,
      );
      // The generator must keep reaching the interesting outcomes (guards against a degenerate generator).
      if (RUNS >= 300) {
        const must = [
          'created',
          'exists',
          'LINKED_EVENT_FAILED',
          'LINKED_EVENT_CHAIN_OPEN',
          'ID_ALREADY_USED_WITH_DIFFERENT_FIELDS',
          'EXCEEDS_CREDITS',
          'EXCEEDS_DEBITS',
          'EXCEEDS_MAX_CREDIT_BALANCE',
          'ACCOUNTS_MUST_BE_DIFFERENT',
          'DEBIT_ACCOUNT_NOT_FOUND',
          'CREDIT_ACCOUNT_NOT_FOUND',
          'LEDGER_MISMATCH',
          'AMOUNT_MUST_BE_POSITIVE',
          'DEBIT_ACCOUNT_CLOSED',
          'PENDING_TRANSFER_NOT_FOUND',
          'PENDING_TRANSFER_NOT_PENDING',
          'PENDING_TRANSFER_ALREADY_POSTED',
          'PENDING_TRANSFER_ALREADY_VOIDED',
          'PENDING_TRANSFER_EXPIRED',
          'PENDING_TRANSFER_HAS_DIFFERENT_ACCOUNTS',
          'EXCEEDS_PENDING_TRANSFER_AMOUNT',
          'PENDING_AMOUNT_MISMATCH',
          'sweeper-expired',
        ];
        expect(must.filter((k) => !coverage.has(k))).toEqual([]);
      }
    },
    Math.max(120_000, RUNS * 400),
  );
});
