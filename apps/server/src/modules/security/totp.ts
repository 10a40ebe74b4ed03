import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import QRCode from 'qrcode';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

/** Base32 (RFC 4648, no padding needed) → bytes; null when it is not base32. */
export function base32Decode(text: string): Buffer | null {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  if (!/^[A-Z2-7]+$/.test(clean)) return null;
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    value = (value << 5) | B32.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new 160-bit TOTP secret (RFC 4226 recommends at least 128 bits). */
export const newTotpSecret = () => randomBytes(20);

/** RFC 6238 TOTP (HMAC-SHA1, 30-second steps, 6 digits) — what authenticator apps compute. */
export function totp(secret: Buffer, at: Date, step = 0): string {
  const counter = Math.floor(at.getTime() / 30_000) + step;
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', secret).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, '0');
}

/** Accepts the current step and one on either side (clock drift), never the same step twice. */
export function verifyTotp(
  secret: Buffer,
  code: string,
  at: Date,
  lastUsedStep: number | null,
): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const now = Math.floor(at.getTime() / 30_000);
  for (const d of [0, -1, 1]) {
    const step = now + d;
    if (lastUsedStep !== null && step <= lastUsedStep) continue;
    if (timingSafeEqual(Buffer.from(totp(secret, at, d)), Buffer.from(code))) return step;
  }
  return null;
}

export function otpauthUri(secret: Buffer, account: string): string {
  const label = encodeURIComponent(`Yinbao:${account}`);
  return `otpauth://totp/${label}?secret=${base32(secret)}&issuer=Yinbao&algorithm=SHA1&digits=6&period=30`;
}

/** The otpauth URI as a QR code (SVG markup) for an authenticator app to scan; shown once with it. */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
