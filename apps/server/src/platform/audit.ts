import { createHash } from 'node:crypto';
import type { Executor } from './sql.ts';

export type AuditEntry = {
  actor: string;
  event: string;
  subject?: string | null;
  ip?: string | null;
  /** Never secrets (passwords, PINs, codes, tokens, card numbers); mask personal data. */
  data?: Record<string, unknown>;
};

/**
 * Appends to the hash-chained audit log (S7). Call it with the transaction of the event it records
 * when there is one, so the record exists if and only if the event happened.
 */
export async function audit(db: Executor, e: AuditEntry): Promise<void> {
  await db.query('INSERT INTO audit_log (actor, event, subject, ip, data) VALUES ($1, $2, $3, $4, $5)', [
    e.actor,
    e.event,
    e.subject ?? null,
    e.ip ?? null,
    JSON.stringify(e.data ?? {}),
  ]);
}

const GENESIS = createHash('sha256').update('yinbao-audit-genesis').digest();

export type AuditVerification =
  | { ok: true; rows: number; head: { seq: number; hash: string } | null }
  | { ok: false; rows: number; brokenAt: number; reason: string };

/**
 * Walks the whole chain in order and recomputes every hash in the application (not with the
 * database's own function, which an intruder could replace). Reports the first broken row.
 */
export async function verifyAuditLog(db: Executor, batch = 5000): Promise<AuditVerification> {
  let prevHash = GENESIS;
  let expectedSeq = 1;
  let rows = 0;
  let last: { seq: number; hash: string } | null = null;
  for (;;) {
    const { rows: page } = await db.query(
      `SELECT seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_text, actor, event,
              subject, ip, data::text AS data_text, prev_hash, hash
         FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2`,
      [expectedSeq, batch],
    );
    if (page.length === 0) break;
    for (const r of page) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq)
        return { ok: false, rows, brokenAt: expectedSeq, reason: `row ${expectedSeq} is missing` };
      if (!Buffer.from(r.prev_hash).equals(prevHash)) {
        return { ok: false, rows, brokenAt: seq, reason: 'does not link to the previous row' };
      }
      const canonical = [seq, r.at_text, r.actor, r.event, r.subject ?? '', r.ip ?? '', r.data_text].join(
        '\x1f',
      );
      const hash = createHash('sha256').update(prevHash).update(canonical, 'utf8').digest();
      if (!hash.equals(Buffer.from(r.hash)))
        return { ok: false, rows, brokenAt: seq, reason: 'content does not match its hash' };
      prevHash = hash;
      expectedSeq = seq + 1;
      rows++;
      last = { seq, hash: hash.toString('hex') };
    }
  }
  return { ok: true, rows, head: last };
}
