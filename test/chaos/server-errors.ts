/**
 * Errors the API logged (level ≥ 50) that a database outage does not explain. While PostgreSQL is
 * down or restarting, requests fail with connection errors and are answered 503 — expected, and
 * the clients retry. Anything else is a defect: a 503 that no retry will cure (e.g. an unmapped
 * ledger refusal) leaves the client retrying for ever.
 */
const OUTAGE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  '57P01', // terminating connection due to administrator command / unexpected postmaster exit
  '57P02', // crash shutdown
  '57P03', // the database system is starting up / not yet accepting connections
  '08000',
  '08003',
  '08006',
]);
const OUTAGE_MESSAGES =
  /Connection terminated|not queryable|connection error|ECONNREFUSED|ECONNRESET|postmaster|starting up|not yet accepting connections|shutting down|in recovery mode|timeout exceeded when trying to connect/i;

type LogLine = { level?: number; msg?: string; err?: { code?: string; message?: string } };

export function unexplainedServerErrors(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    let l: LogLine;
    try {
      l = JSON.parse(line) as LogLine;
    } catch {
      continue;
    }
    if ((l.level ?? 0) < 50) continue;
    const code = l.err?.code;
    const message = l.err?.message ?? l.msg ?? '';
    if ((code && OUTAGE_CODES.has(code)) || OUTAGE_MESSAGES.test(message)) continue;
    out.push(message.slice(0, 200));
  }
  return out;
}

/** "message ×count" for the distinct messages, most frequent first. */
export function summariseErrors(messages: string[]): string {
  const counts = new Map<string, number>();
  for (const m of messages) counts.set(m, (counts.get(m) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([m, n]) => `${m} ×${n}`)
    .join('; ');
}
