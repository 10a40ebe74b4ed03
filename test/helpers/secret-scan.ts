/**
 * Scans log text for secrets (issue 7, "secrets in logs"): card numbers (Luhn-valid runs of 13–19
 * digits, contiguous or grouped by single spaces or dashes), bearer credentials by their shape
 * (customer sessions `ybs_…`, staff sessions `ybo_…`, merchant API keys `ybk_live_…`, webhook
 * signing secrets `whsec_…`), and the exact values a test knows it handed to the server
 * (passwords, PINs, OTPs, TOTP secrets, recovery codes, tokens). Short numeric codes (PIN, OTP)
 * match only as a value of their own, not as digits inside a longer number.
 *
 * The shapes are recognised whether or not the test knows the value, so a secret the test never
 * saw (a token minted inside the server) is still found.
 */

export type SecretKind =
  | 'pan'
  | 'session-token'
  | 'staff-token'
  | 'api-key'
  | 'webhook-secret'
  | 'password'
  | 'pin'
  | 'otp'
  | 'totp-secret'
  | 'recovery-code'
  | 'token';

/** A value the test gave the server (or got from it) that must never be logged. */
export type KnownSecret = { kind: SecretKind; value: string };

export type SecretFinding = {
  kind: SecretKind;
  /** 1-based line of the log text. */
  line: number;
  /** The finding, masked (first 4 and last 2 characters), so the report itself leaks nothing. */
  masked: string;
};

const SHAPES: Array<{ kind: SecretKind; re: RegExp }> = [
  { kind: 'session-token', re: /ybs_[A-Za-z0-9_-]{20,}/g },
  { kind: 'staff-token', re: /ybo_[A-Za-z0-9_-]{20,}/g },
  { kind: 'api-key', re: /ybk_live_[a-z2-7]{12}_[A-Za-z0-9_-]{20,}/g },
  { kind: 'webhook-secret', re: /whsec_[A-Za-z0-9_-]{20,}/g },
];

/** Runs of 13–19 digits, optionally in groups separated by one space or dash ("6222 0200 …"). */
const DIGIT_RUN = /(?<![\d.])\d(?:[ -]?\d){12,18}(?![\d.])/g;

/**
 * Identifiers in hex (UUIDs, `evt_` + 32 hex digits, hashes): their digit stretches are no card
 * numbers ("…-0201-4924-9986-2625…" is Luhn-valid one time in ten), so they are blanked before the
 * digit-run scan.
 */
const HEX_ID =
  /(?<![0-9A-Za-z])(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32,})(?![0-9A-Za-z])/g;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const mask = (s: string) => (s.length <= 8 ? `${s.slice(0, 2)}…` : `${s.slice(0, 4)}…${s.slice(-2)}`);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Fields of a pino JSON line that are numbers by construction (epoch milliseconds, pids, durations),
 * dropped before the digit-run scan: a 13-digit timestamp is Luhn-valid one time in ten.
 */
const NUMERIC_FIELDS = new Set(['time', 'pid', 'responseTime', 'elapsedMs', 'durationMs']);

/**
 * UUIDs (request ids, object ids in URLs) are hex: runs of their digits joined by their dashes
 * ("b047-961806680060") looked like grouped card numbers. They are blanked before the digit scan,
 * also when the server's own redaction masked the tail of one ("eb053d49-0016-4000-8000-********8793").
 */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f*]{12}/gi;

function withoutNumericFields(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    for (const k of NUMERIC_FIELDS) if (typeof parsed[k] === 'number') delete parsed[k];
    return JSON.stringify(parsed);
  } catch {
    return line;
  }
}

/** Every secret in `text` (one log line per text line); an empty list is the only good answer. */
export function scanForSecrets(text: string | string[], known: KnownSecret[] = []): SecretFinding[] {
  const lines = (Array.isArray(text) ? text.join('\n') : text).split('\n');
  const knownPatterns = known
    .filter((k) => k.value.length >= 4)
    .map((k) => ({
      kind: k.kind,
      value: k.value,
      // Digit-only codes count only as a value of their own (not inside a timestamp or an amount).
      re: /^\d+$/.test(k.value) ? new RegExp(`(?<!\\d)${escapeRe(k.value)}(?!\\d)`) : undefined,
    }));
  const findings: SecretFinding[] = [];
  lines.forEach((raw, i) => {
    const line = i + 1;
    for (const { kind, re } of SHAPES) {
      for (const m of raw.matchAll(re)) findings.push({ kind, line, masked: mask(m[0]) });
    }
    for (const m of withoutNumericFields(raw)
      .replace(UUID, '<uuid>')
      .replace(HEX_ID, 'hex-id')
      .matchAll(DIGIT_RUN)) {
      const digits = m[0].replace(/[ -]/g, '');
      if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits))
        findings.push({ kind: 'pan', line, masked: mask(digits) });
    }
    for (const k of knownPatterns) {
      if (k.re ? k.re.test(raw) : raw.includes(k.value))
        findings.push({ kind: k.kind, line, masked: mask(k.value) });
    }
  });
  return findings;
}

/** A one-line summary per kind ("pan: 2 (lines 14, 90)") for an assertion message. */
export function describeFindings(findings: SecretFinding[]): string {
  const byKind = new Map<SecretKind, SecretFinding[]>();
  for (const f of findings) byKind.set(f.kind, [...(byKind.get(f.kind) ?? []), f]);
  return [...byKind]
    .map(
      ([k, fs]) =>
        `${k}: ${fs.length} (lines ${fs
          .slice(0, 5)
          .map((f) => `${f.line} ${f.masked}`)
          .join(', ')})`,
    )
    .join('; ');
}
