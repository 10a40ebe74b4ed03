import { sha256 } from '../../platform/secrets.ts';

/**
 * The device a client says it is: a random id it generated and keeps (header `X-Device-Id`,
 * 16–128 printable ASCII characters) and an optional name (`X-Device-Name`, percent-encoded when
 * not ASCII). Only the id's SHA-256 is kept; a request without an id is an unknown device.
 */
export type ClientDevice = { hash: Buffer | null; name: string | null };

const DEVICE_ID = /^[\x21-\x7e]{16,128}$/;
const NAME_MAX = 64;

/** null when `X-Device-Id` is present but malformed (the caller answers 400 INVALID_DEVICE_ID). */
export function clientDevice(headers: Record<string, string | string[] | undefined>): ClientDevice | null {
  const id = headers['x-device-id'];
  if (id !== undefined && (typeof id !== 'string' || !DEVICE_ID.test(id))) return null;
  return { hash: id === undefined ? null : sha256(id), name: deviceName(headers['x-device-name']) };
}

/** A display name only: decoded when percent-encoded, control characters removed, bounded. */
function deviceName(raw: string | string[] | undefined): string | null {
  if (typeof raw !== 'string') return null;
  let s = raw;
  try {
    s = decodeURIComponent(raw);
  } catch {
    // Not percent-encoded: keep it as sent.
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const clean = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
  if (!clean.isWellFormed()) return null;
  const name = [...clean].slice(0, NAME_MAX).join('');
  return name === '' ? null : name;
}
