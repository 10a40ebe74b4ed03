import { describe, expect, it } from 'vitest';
import { base32, base32Decode, totp, verifyTotp } from './totp.ts';

describe('TOTP (RFC 6238)', () => {
  // RFC 6238 appendix B test vectors for SHA-1 (8 digits there; the last 6 here).
  const secret = Buffer.from('12345678901234567890');
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('t=%i → %s', (t, code) => {
    expect(totp(secret, new Date(t * 1000))).toBe(code);
  });
  it('accepts one step of drift, refuses reuse of a step and anything older', () => {
    const at = new Date(1111111111 * 1000);
    const step = verifyTotp(secret, totp(secret, at, -1), at, null);
    expect(step).toBe(Math.floor(1111111111 / 30) - 1);
    expect(verifyTotp(secret, totp(secret, at, -1), at, step)).toBeNull();
    expect(verifyTotp(secret, totp(secret, at, -2), at, null)).toBeNull();
    expect(verifyTotp(secret, 'abcdef', at, null)).toBeNull();
  });
  it('base32 encodes as authenticator apps expect', () => {
    expect(base32(Buffer.from('12345678901234567890'))).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });
  it('base32 round-trips (RFC 4648 vector) and refuses other alphabets', () => {
    expect(base32(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI')?.toString()).toBe('foobar');
    expect(base32Decode('mzxw 6ytb oi==')?.toString()).toBe('foobar');
    for (let n = 1; n < 25; n++) {
      const b = Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff));
      expect(base32Decode(base32(b))).toEqual(b);
    }
    expect(base32Decode('ABC1')).toBeNull();
    expect(base32Decode('')).toBeNull();
  });
});
