import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSignature, signPayload, verifySignature } from './index.ts';

const T = 1_790_000_000;

describe('signed messages (t=…,v1=…)', () => {
  it('is HMAC-SHA256 over "t." + the exact body, in hex', () => {
    const body = '{"id":"evt_1","amount":"12.30"}';
    const header = signPayload('whsec_test', body, T);
    const mac = createHmac('sha256', 'whsec_test').update(`${T}.${body}`).digest('hex');
    expect(header).toBe(`t=${T},v1=${mac}`);
    expect(verifySignature('whsec_test', header, body, 300, T)).toBe(true);
    expect(verifySignature('whsec_test', header, Buffer.from(body), 300, T + 299)).toBe(true);
  });

  it('refuses another body, another secret, a stale or future timestamp, a malformed header', () => {
    const body = 'payload';
    const header = signPayload('s1', body, T);
    expect(verifySignature('s1', header, 'payloaD', 300, T)).toBe(false);
    expect(verifySignature('s2', header, body, 300, T)).toBe(false);
    expect(verifySignature('s1', header, body, 300, T + 301)).toBe(false);
    expect(verifySignature('s1', header, body, 300, T - 301)).toBe(false);
    for (const bad of [
      undefined,
      null,
      '',
      't=,v1=',
      `v1=${'0'.repeat(64)}`,
      `t=${T}`,
      `t=${T},v1=xyz`,
      'garbage',
    ]) {
      expect(verifySignature('s1', bad, body, 300, T)).toBe(false);
    }
    // The timestamp is part of what is signed: moving it breaks the MAC.
    const moved = header.replace(`t=${T}`, `t=${T + 1}`);
    expect(verifySignature('s1', moved, body, 300, T)).toBe(false);
  });

  it('rotation: signed with the old and the new secret, either verifies; a receiver may hold both', () => {
    const header = signPayload(['old', 'new'], 'b', T);
    expect(parseSignature(header)!.macs).toHaveLength(2);
    expect(verifySignature('old', header, 'b', 300, T)).toBe(true);
    expect(verifySignature('new', header, 'b', 300, T)).toBe(true);
    expect(verifySignature(['new', 'older'], signPayload('older', 'b', T), 'b', 300, T)).toBe(true);
    expect(verifySignature('other', header, 'b', 300, T)).toBe(false);
  });

  it('any single changed byte of the body is refused', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 200 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (bytes, at, flip) => {
          const body = Buffer.from(bytes);
          const header = signPayload('k', body, T);
          const changed = Buffer.from(body);
          const i = at % changed.length;
          changed[i] = changed[i]! ^ flip;
          return verifySignature('k', header, body, 300, T) && !verifySignature('k', header, changed, 300, T);
        },
      ),
      { numRuns: 300 },
    );
  });
});
