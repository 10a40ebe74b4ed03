/**
 * Schema fuzzing (issue 7): for EVERY operation of the OpenAPI document, FUZZ_RUNS (default 200)
 * requests generated with fast-check — valid, boundary and invalid values, wrong types, 100 kB
 * strings, awkward Unicode, missing and extra members, in bodies, query strings and path
 * parameters, malformed JSON and wrong content types — sent over real HTTP with the caller the
 * operation takes (a customer session, a merchant API key of an active merchant, a staff session
 * with every role, or none).
 *
 * Checked: no 5xx; every status is documented for its operation and every JSON body validates
 * against the documented schema (ajv); requests that break the schema are refused (4xx) and change
 * nothing (a fingerprint of the database before and after each operation's invalid batch; see
 * state-fingerprint.ts for what is left out and why); the server's logs hold no secret.
 *
 * FUZZ_RUNS=2000 for a longer run, FUZZ_SEED to replay one, FUZZ_OPS=<substring> to focus.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CALLBACK, PASSWORD, validBody } from '../../apps/server/src/api-tests/bad-input.cases.ts';
import {
  call,
  type HttpResult,
  type Json,
  type Operation,
  openApiDocument,
  operations,
  opLabel,
} from '../helpers/api.ts';
import { describeFindings, scanForSecrets } from '../helpers/secret-scan.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { buildWorld, healthy, PIN, tokenFor, type World, worldSecrets } from './fuzz-world.ts';
import { type Classified, casesFor, classify, type ParamSpec } from './request-cases.ts';
import { openApiValidator } from './response-validator.ts';
import { changed, fingerprint } from './state-fingerprint.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const ONLY = process.env.FUZZ_OPS;
const CONCURRENCY = 8;

let s: TestServer;
const logLines: string[] = [];
let doc: Json;
let ops: Operation[];
const worlds: World[] = [];

beforeAll(async () => {
  s = await startTestServer({
    poolMax: 20,
    background: false,
    cardNetwork: {},
    sms: true,
    idv: true,
    logLines,
  });
  doc = await openApiDocument(s);
  ops = await operations(s);
  worlds.push(await buildWorld(s));
}, 120_000);
afterAll(async () => {
  await s?.stop();
});

/** Runs `fn` over `items` with at most `n` at a time. */
async function pool<T, R>(items: T[], n: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

/** Waits until no card operation is pending (the simulator calls back within ~30 ms). */
async function cardOperationsSettled() {
  for (let i = 0; i < 200; i++) {
    const { rows } = await s.db.pool.query(
      `SELECT count(*)::int AS n FROM card_operations WHERE status = 'pending'`,
    );
    if (rows[0].n === 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
}

const pathSchemas = (o: Operation): Record<string, Json> =>
  Object.fromEntries(
    [...(doc.paths[o.path].parameters ?? []), ...(doc.paths[o.path][o.method.toLowerCase()].parameters ?? [])]
      .filter((p: Json) => p.in === 'path')
      .map((p: Json) => [p.name, p.schema ?? { type: 'string' }]),
  );

it(`every operation, ${RUNS} generated requests each: no 5xx, documented answers, invalid input changes nothing`, async () => {
  const validator = openApiValidator(doc);
  const failures: string[] = [];
  const perOp: Record<string, { cases: number; valid: number; invalid: number; statuses: string }> = {};
  let total = 0;
  const started = Date.now();
  const selected = ops.filter((o) => !ONLY || opLabel(o).includes(ONLY));
  for (const [index, op] of selected.entries()) {
    let w = worlds[worlds.length - 1]!;
    if (!(await healthy(s, w))) {
      w = await buildWorld(s);
      worlds.push(w);
    }
    const label = opLabel(op);
    const query: ParamSpec[] = op.queryParams;
    const hasBody = op.bodySchema !== undefined || label === CALLBACK;
    const base = hasBody ? validBody(op, w.U, w.R) : undefined;
    const arb = casesFor(op, query, base, w.ids);
    const cases = fc
      .sample(arb, { seed: SEED + index, numRuns: RUNS })
      .map((c) => classify(op, c, query, pathSchemas(op), validator, label === CALLBACK));
    const token = tokenFor(w, op);
    const statuses: Record<string, number> = {};
    const send = async (c: Classified): Promise<void> => {
      let r: HttpResult;
      try {
        r = await call(s, op.method, c.url, {
          token,
          ...(c.raw !== undefined ? { raw: c.raw } : c.body !== undefined ? { body: c.body } : {}),
          ...(c.contentType ? { contentType: c.contentType } : {}),
          ...(c.idempotencyKey ? { idempotencyKey: c.idempotencyKey } : {}),
        });
      } catch (e) {
        failures.push(`${label} [${c.kind}] ${c.url.slice(0, 120)}: request failed: ${(e as Error).message}`);
        return;
      }
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      const v = validator.response(op.method, op.path, r.status, r.headers.get('content-type') ?? '', r.json);
      const what = () =>
        `${label} [${c.kind}, ${c.verdict}] ${c.url.slice(0, 120)} ${JSON.stringify(c.body ?? c.raw ?? '').slice(0, 160)} → ${r.status} ${r.text.slice(0, 200)}`;
      if (!v.ok) failures.push(`${what()}: ${v.why}`);
      else if (c.verdict === 'invalid' && r.status < 400)
        failures.push(`${what()}: invalid request accepted`);
    };
    const invalid = cases.filter((c) => c.verdict === 'invalid');
    const before = await fingerprint(s);
    await pool(invalid, CONCURRENCY, send);
    const diff = changed(before, await fingerprint(s));
    if (diff.length) failures.push(`${label}: invalid requests changed ${diff.join(', ')}`);
    await pool(
      cases.filter((c) => c.verdict !== 'invalid'),
      CONCURRENCY,
      send,
    );
    await cardOperationsSettled();
    total += cases.length;
    perOp[label] = {
      cases: cases.length,
      valid: cases.filter((c) => c.verdict === 'valid').length,
      invalid: invalid.length,
      statuses: Object.entries(statuses)
        .map(([k, n]) => `${k}×${n}`)
        .join(' '),
    };
  }
  console.table(perOp);
  if (process.env.FUZZ_LOG_DUMP)
    (await import('node:fs')).writeFileSync(process.env.FUZZ_LOG_DUMP, logLines.join(''));
  console.log(
    `fuzz: ${total} requests over ${selected.length} operations (${RUNS} each) in ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
      `${worlds.length} fixture world(s); seed ${SEED} (replay: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS})`,
  );
  if (failures.length) console.log(failures.slice(0, 80).join('\n'));
  expect(failures, `${failures.length} failures; seed ${SEED}`).toEqual([]);
  expect(Object.keys(perOp).length).toBe(selected.length);
  if (!ONLY) expect(selected.length).toBeGreaterThanOrEqual(100);
  const known = worlds.flatMap((w) => worldSecrets(w, PASSWORD));
  expect(PIN).toBeTruthy();
  const findings = scanForSecrets(logLines, known);
  expect(logLines.length).toBeGreaterThan(0);
  expect(findings, describeFindings(findings)).toEqual([]);
}, 900_000);
