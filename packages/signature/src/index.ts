import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed HTTP messages between Yinbao and the outside world (card-network callbacks, identity-check
 * answers, merchant webhooks): a header
 *
 *     t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>[,v1=<…under another secret>]
 *
 * over the exact bytes of the body. Several `v1` values let a sender sign with an old and a new
 * secret during a rotation, so receivers can switch secrets without losing a message. Receivers
 * check the timestamp (replays older than the tolerance are refused) and compare MACs in constant
 * time. Both sides of every protocol use this one package.
 */
export const SIGNATURE_HEADER = 'x-signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

const hmac = (secret: string, timestamp: number, rawBody: string | Buffer) =>
  createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The header value for a raw body, signed with each secret (one `v1` each, in the order given). */
export function signPayload(
  secrets: string | readonly string[],
  rawBody: string | Buffer,
  timestamp: number = nowSeconds(),
): string {
  const list = typeof secrets === 'string' ? [secrets] : secrets;
  if (list.length === 0) throw new Error('signPayload: no secret');
  return [`t=${timestamp}`, ...list.map((s) => `v1=${hmac(s, timestamp, rawBody).toString('hex')}`)].join(
    ',',
  );
}

/** The parts of a header, or null when it is malformed (no timestamp, no well-formed `v1`). */
export function parseSignature(
  header: string | undefined | null,
): { timestamp: number; macs: Buffer[] } | null {
  if (!header || header.length > 2048) return null;
  let timestamp: number | undefined;
  const macs: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) macs.push(Buffer.from(value, 'hex'));
  }
  return timestamp === undefined || macs.length === 0 ? null : { timestamp, macs };
}

/**
 * Whether the header signs these exact bytes under one of the secrets, within `toleranceSec` of now.
 * Malformed headers, other bodies, unknown secrets and stale or future timestamps are all `false`.
 */
export function verifySignature(
  secrets: string | readonly string[],
  header: string | undefined | null,
  rawBody: string | Buffer,
  toleranceSec = DEFAULT_TOLERANCE_SECONDS,
  now: number = nowSeconds(),
): boolean {
  const parsed = parseSignature(header);
  if (!parsed || Math.abs(now - parsed.timestamp) > toleranceSec) return false;
  const list = typeof secrets === 'string' ? [secrets] : secrets;
  let ok = false;
  // Every comparison runs (no early exit), so the time does not tell which secret or MAC matched.
  for (const secret of list) {
    const expected = hmac(secret, parsed.timestamp, rawBody);
    for (const mac of parsed.macs) if (timingSafeEqual(mac, expected)) ok = true;
  }
  return ok;
}
