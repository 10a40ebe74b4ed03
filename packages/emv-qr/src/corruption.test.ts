import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { model } from './arbitraries.ts';
import { type DecodeOptions, decode } from './decode.ts';
import { encode } from './encode.ts';
import { FIXTURES } from './fixtures.ts';
import type { TlvNode } from './tlv.ts';

/**
 * What is guaranteed: every single-character change is refused, except a change involving a
 * non-ASCII character inside the free-text values of templates 64 and 80–99. Everywhere else
 * a non-ASCII character is refused by the character-set rule and an ASCII-for-ASCII change alters
 * one byte, which CRC-16 always detects (it catches every burst of up to 16 bits). Inside the
 * free text a multi-byte UTF-8 change can exceed 16 bits, and CRC-16 — the only check the EMVCo
 * format has — then misses about one change in 65,536 (see the pinned example below).
 */
function freeTextRanges(nodes: readonly TlvNode[], top = true, inFree = false): [number, number][] {
  const out: [number, number][] = [];
  for (const n of nodes) {
    const free = inFree || (top && (n.id === '64' || Number(n.id) >= 80));
    if (n.children) out.push(...freeTextRanges(n.children, false, free));
    else if (free) out.push([n.offset + 4, n.offset + 4 + n.length]);
  }
  return out;
}

function guaranteed(ranges: [number, number][], position: number, before: string, after: string): boolean {
  const inFree = ranges.some(([a, b]) => position >= a && position < b);
  const ascii = (c: string) => c.codePointAt(0)! < 0x80 && c.isWellFormed();
  return !inFree || (ascii(before) && ascii(after));
}

function corruptions(payload: string, options: DecodeOptions, alphabet: readonly string[]) {
  const original = decode(payload, options);
  if (!original.ok) throw new Error(original.error.message);
  const ranges = freeTextRanges(original.value.tree);
  const chars = Array.from(payload);
  let checked = 0;
  const accepted: string[] = [];
  chars.forEach((before, i) => {
    for (const after of alphabet) {
      if (after === before || !guaranteed(ranges, i, before, after)) continue;
      const copy = chars.slice();
      copy[i] = after;
      checked++;
      if (decode(copy.join(''), options).ok) accepted.push(`${i}: ${before} → ${JSON.stringify(after)}`);
    }
  });
  return { checked, accepted };
}

/** U+0000–U+017F, a lone surrogate, U+FFFD, CJK, an emoji. */
const ALPHABET = [
  ...Array.from({ length: 0x180 }, (_, c) => String.fromCharCode(c)),
  '\uD800',
  '\uFFFD',
  '中',
  '最',
  '😀',
];

describe('one-character corruptions are refused', () => {
  it.each([FIXTURES[0]!, FIXTURES[1]!])(
    'exhaustively for "$name": every position × U+0000–U+017F and more',
    (f) => {
      const { checked, accepted } = corruptions(f.payload, { lenient: Boolean(f.lenient) }, ALPHABET);
      expect(checked).toBeGreaterThan(Array.from(f.payload).length * 300);
      expect(accepted).toEqual([]);
    },
  );

  it('for every fixture and generated payloads, any position and any replacement code point (property)', () => {
    const payloads = fc.oneof(
      fc.constantFrom(...FIXTURES.map((f) => ({ payload: f.payload, lenient: Boolean(f.lenient) }))),
      model.map((m) => {
        const p = encode(m);
        if (!p.ok) throw new Error(p.error.message);
        return { payload: p.value, lenient: false };
      }),
    );
    fc.assert(
      fc.property(
        payloads,
        fc.nat(),
        fc.integer({ min: 0, max: 0x10ffff }),
        ({ payload, lenient }, at, cp) => {
          const chars = Array.from(payload);
          const i = at % chars.length;
          const after = String.fromCodePoint(cp);
          fc.pre(after !== chars[i]);
          const original = decode(payload, { lenient });
          if (!original.ok) throw new Error(original.error.message);
          fc.pre(guaranteed(freeTextRanges(original.value.tree), i, chars[i]!, after));
          const copy = chars.slice();
          copy[i] = after;
          expect(decode(copy.join(''), { lenient }).ok).toBe(false);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('the limit of CRC-16 inside free text, pinned: 最 → 猡 in the EMVCo example keeps the CRC (inherent to the format)', () => {
    const spec = FIXTURES[0]!.payload;
    const collided = spec.replace('最', '猡');
    const r = decode(collided);
    expect(r.ok && r.value.model.language?.name).toBe('猡佳运输');
  });
});
