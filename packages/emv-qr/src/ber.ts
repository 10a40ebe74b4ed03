import { fail, ok, type Result } from './result.ts';

/**
 * A BER-TLV data object (EMV Book 3, annex B) as the consumer-presented QR carries it: the tag in
 * upper-case hex ("9F25"), and either the value in hex (primitive) or the children (constructed).
 */
export type BerNode = { tag: string; hex: string; children?: BerNode[] };

const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();

/** Parses BER-TLV objects in `bytes[start, end)`; constructed tags (bit 6 of the first byte) are parsed too. */
export function decodeBer(bytes: Uint8Array, start = 0, end = bytes.length): Result<BerNode[]> {
  const nodes: BerNode[] = [];
  let i = start;
  while (i < end) {
    const tagStart = i;
    const first = bytes[i++]!;
    if ((first & 0x1f) === 0x1f) {
      // Subsequent tag bytes: bit 8 set means another follows.
      do {
        if (i >= end)
          return fail('ber_truncated', `tag at byte ${tagStart} runs past the end (byte ${end})`, {
            offset: tagStart,
          });
      } while (bytes[i++]! & 0x80);
    }
    const tag = toHex(bytes.subarray(tagStart, i));
    if (i >= end)
      return fail('ber_truncated', `tag ${tag} at byte ${tagStart} has no length`, {
        offset: tagStart,
        field: tag,
      });
    let length = bytes[i++]!;
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count === 0 || count > 2)
        return fail(
          'ber_invalid_length',
          `tag ${tag} at byte ${tagStart}: length form 0x${length.toString(16)} is not supported (1–2 length bytes)`,
          { offset: tagStart, field: tag },
        );
      if (i + count > end)
        return fail('ber_truncated', `the length of tag ${tag} at byte ${tagStart} runs past the end`, {
          offset: tagStart,
          field: tag,
        });
      length = 0;
      for (let k = 0; k < count; k++) length = (length << 8) | bytes[i++]!;
    }
    if (i + length > end)
      return fail(
        'ber_truncated',
        `tag ${tag} at byte ${tagStart} declares ${length} bytes but only ${end - i} remain`,
        { offset: tagStart, field: tag },
      );
    const value = bytes.subarray(i, i + length);
    if (first & 0x20) {
      const children = decodeBer(bytes, i, i + length);
      if (!children.ok) return children;
      nodes.push({ tag, hex: toHex(value), children: children.value });
    } else nodes.push({ tag, hex: toHex(value) });
    i += length;
  }
  return ok(nodes);
}

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  if (n < 0x100) return [0x81, n];
  return [0x82, n >> 8, n & 0xff];
}

/** Writes BER-TLV objects; constructed nodes are written from their children (minimal length forms). */
export function encodeBer(nodes: readonly BerNode[]): Uint8Array {
  const out: number[] = [];
  for (const n of nodes) {
    const value = n.children ? encodeBer(n.children) : Buffer.from(n.hex, 'hex');
    out.push(...Buffer.from(n.tag, 'hex'), ...lengthBytes(value.length), ...value);
  }
  return Uint8Array.from(out);
}
