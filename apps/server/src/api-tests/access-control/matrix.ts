import { TEST_CARDS } from '@yinbao/simulators';
import { expect } from 'vitest';
import type { HttpResult } from '../../../../../test/helpers/api.ts';
import {
  describeFindings,
  type KnownSecret,
  scanForSecrets,
} from '../../../../../test/helpers/secret-scan.ts';
import { PASSWORD, type World } from './fixtures.ts';

/**
 * The access-control matrix of one suite: endpoint × caller → the status A's object got and what it
 * means ("refused", "allowed by role", "owner", …). Every check made counts as one cell; the table
 * and a summary line (the figure docs/reliability.md quotes) are printed when the suite ends.
 */
export type Verdict =
  | 'refused'
  | 'owner'
  | 'own'
  | 'public'
  | 'allowed by role'
  | 'capability'
  | 'ignored'
  | 'not done';

export class Matrix {
  readonly rows: Record<string, Record<string, string>> = {};
  readonly counts: Partial<Record<Verdict, number>> = {};
  cells = 0;

  constructor(readonly title: string) {}

  /** Records one checked cell (`column` may be marked again by other variants: each counts). */
  mark(row: string, column: string, r: HttpResult | number, verdict: Verdict): void {
    const status = typeof r === 'number' ? r : r.status;
    this.rows[row] ??= {};
    this.rows[row][column] ??= `${status} ${verdict}`;
    this.counts[verdict] = (this.counts[verdict] ?? 0) + 1;
    this.cells++;
  }

  summary(): string {
    const columns = new Set(Object.values(this.rows).flatMap((r) => Object.keys(r)));
    const by = Object.entries(this.counts)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    return `ACCESS-CONTROL MATRIX [${this.title}]: ${this.cells} cells checked (${by}) over ${Object.keys(this.rows).length} endpoints × ${columns.size} callers`;
  }

  print(): void {
    if (this.cells === 0) return;
    console.table(this.rows);
    console.log(this.summary());
  }
}

/** Replaces each id by `<id>` (so A's id and a missing id compare equal when echoed). */
export const normalise = (text: string, ids: string[]) =>
  ids.reduce((t, id) => t.split(id).join('<id>'), text);

/**
 * A foreign object must look exactly like an absent one: same status, same body once each request's
 * own ids are normalised, same content-type.
 */
export function expectSameAsAbsent(
  label: string,
  foreign: { r: HttpResult; ids: string[] },
  absent: { r: HttpResult; ids: string[] },
): void {
  expect(foreign.r.status, `${label}: status differs from an absent id's (${absent.r.text})`).toBe(
    absent.r.status,
  );
  expect(normalise(foreign.r.text, foreign.ids), `${label}: body differs from an absent id's`).toBe(
    normalise(absent.r.text, absent.ids),
  );
  expect(foreign.r.headers.get('content-type'), `${label}: content-type`).toBe(
    absent.r.headers.get('content-type'),
  );
}

/** Nothing of A's in `text` (after the ids the caller itself sent are taken out). */
export function expectNoLeak(label: string, text: string, secrets: string[], sent: string[] = []): void {
  const rest = normalise(text, sent);
  for (const secret of secrets) expect(rest, `${label} leaks ${secret.slice(0, 12)}…`).not.toContain(secret);
}

/**
 * One body per refusal reason: every UNAUTHENTICATED is byte-identical, every gate FORBIDDEN too
 * (the reason must not depend on which object or route was tried).
 */
export class RefusalBodies {
  private readonly byCode = new Map<string, string>();
  check(label: string, r: HttpResult): void {
    const code = r.json?.code;
    if (code !== 'UNAUTHENTICATED' && code !== 'FORBIDDEN') return;
    const key = `${r.status} ${code}`;
    const first = this.byCode.get(key);
    if (first === undefined) this.byCode.set(key, r.text);
    else expect(r.text, `${label}: ${key} body differs from the others`).toBe(first);
  }
  get reasons(): number {
    return this.byCode.size;
  }
}

/** The passwords, tokens, keys and secrets a world's suite handed to (or got from) the server. */
export function knownSecrets(w: World): KnownSecret[] {
  const out: KnownSecret[] = [{ kind: 'password', value: PASSWORD }];
  for (const u of [w.A, w.B, w.C, w.D]) out.push({ kind: 'token', value: u.token });
  for (const st of Object.values(w.staff)) {
    out.push({ kind: 'token', value: st.token }, { kind: 'password', value: st.password });
    out.push({ kind: 'totp-secret', value: st.secret.toString('hex') });
    out.push({ kind: 'totp-secret', value: st.secret.toString('base64') });
  }
  for (const key of [w.merchantKey, w.other.key]) out.push({ kind: 'token', value: key });
  out.push({ kind: 'webhook-secret', value: w.webhookSecret }, { kind: 'pan', value: TEST_CARDS.approve });
  return out.filter((k) => k.value);
}

/** The suite's server logs hold none of those secrets (nor any PAN or credential by shape). */
export function expectNoSecretsInLogs(w: World, extra: KnownSecret[] = []): number {
  expect(w.logLines.length, 'the suite captured its server logs').toBeGreaterThan(10);
  const findings = scanForSecrets(w.logLines, [...knownSecrets(w), ...extra]);
  expect(findings, describeFindings(findings)).toEqual([]);
  console.log(`SECRETS IN LOGS: ${w.logLines.length} log lines scanned, ${findings.length} findings`);
  return findings.length;
}
