import { describe, expect, it } from 'vitest';
import { crc16, crcHex } from './crc.ts';
import { decode } from './decode.ts';
import { encode, encodeTree } from './encode.ts';
import { FIXTURES, WRONG_CRC_EXAMPLES } from './fixtures.ts';

describe('CRC-16/CCITT-FALSE', () => {
  it('has the check value 0x29B1 for "123456789"', () => {
    expect(crc16(new TextEncoder().encode('123456789'))).toBe(0x29b1);
    expect(crcHex('123456789')).toBe('29B1');
  });

  it('runs over UTF-8 bytes, as the EMVCo example with Chinese in template 64 requires', () => {
    const spec = FIXTURES[0]!.payload;
    expect(crcHex(spec.slice(0, -4))).toBe('A13A');
  });
});

describe.each(FIXTURES)('$name', (f) => {
  const options = { lenient: Boolean(f.lenient) };

  it('decodes to its expected fields', () => {
    const r = decode(f.payload, options);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    expect(r.value.model).toMatchObject(f.expected);
    expect(r.value.crc).toBe(f.payload.slice(-4));
    expect(r.value.missing).toEqual(f.lenient);
  });

  it('gives its payload back exactly from the raw tree, and a canonical re-encoding with the same fields', () => {
    const r = decode(f.payload, options);
    if (!r.ok) throw new Error(r.error.message);
    expect(encodeTree(r.value.tree, options)).toEqual({ ok: true, value: f.payload });
    if (f.lenient) {
      // encode writes EMVCo payloads only: the scheme's missing mandatory fields are refused.
      expect(encode(r.value.model)).toMatchObject({ ok: false, error: { code: 'invalid_length' } });
      return;
    }
    const again = encode(r.value.model);
    if (!again.ok) throw new Error(again.error.message);
    const back = decode(again.value);
    expect(back.ok && back.value.model).toEqual(canonical(r.value.model));
  });

  if (f.lenient)
    it('is refused without { lenient: true }, naming the first missing field', () => {
      expect(decode(f.payload)).toMatchObject({
        ok: false,
        error: { code: 'missing_tag', field: f.lenient![0] },
      });
    });
});

/** The same model with sub-objects in ascending id order (what encode writes). */
function canonical<T>(x: T): T {
  const byId = (a: { id: string }, b: { id: string }) => Number(a.id) - Number(b.id);
  if (Array.isArray(x)) {
    const items = x.map(canonical);
    return (items.every((i) => i && typeof i === 'object' && 'id' in i) ? items.sort(byId) : items) as T;
  }
  if (x && typeof x === 'object')
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, canonical(v)])) as T;
  return x;
}

describe('published examples with a wrong CRC', () => {
  it.each(WRONG_CRC_EXAMPLES)('are refused, saying which CRC was expected: %s', (payload) => {
    const r = decode(payload, { lenient: true });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('crc_mismatch');
    expect(r.error.message).toContain(`expected ${crcHex(payload.slice(0, -4))}, found ${payload.slice(-4)}`);
  });
});
