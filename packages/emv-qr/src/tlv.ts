import { fail, ok, type Result } from './result.ts';

/**
 * One data object of the raw tree: two-digit id, two-digit length counted in characters (Unicode
 * code points), the value, and the character offset of its id in the payload. Templates carry
 * their parsed sub-objects in `children`.
 */
export type TlvNode = {
  readonly id: string;
  readonly length: number;
  readonly value: string;
  readonly offset: number;
  readonly children?: readonly TlvNode[];
};

/** Which ids at a path are templates (their value is itself TLV). `path` is '' at the top. */
export function isTemplate(path: string, id: string): boolean {
  const n = Number(id);
  if (path === '') return (n >= 26 && n <= 51) || n === 62 || n === 64 || n >= 80;
  if (path === '62') return n >= 50;
  return false;
}

/**
 * Free text (any character but controls) is allowed in the merchant information language template
 * 64 and the unreserved templates 80–99; everywhere else the EMVCo "ans" set: printable ASCII.
 */
export function allowsAnyText(path: string, id: string): boolean {
  const top = path === '' ? id : path.split('.')[0]!;
  return top === '64' || Number(top) >= 80;
}

const DIGITS2 = /^\d\d$/;
const at = (path: string, id: string) => (path ? `${path}.${id}` : id);

function badCharacter(chars: readonly string[], start: number, end: number, anyText: boolean): number {
  for (let i = start; i < end; i++) {
    const c = chars[i]!.codePointAt(0)!;
    if (c < 0x20 || c === 0x7f || (!anyText && c > 0x7e) || (c >= 0x80 && c < 0xa0)) return i;
  }
  return -1;
}

/**
 * Parses the data objects between `start` and `end` (character indexes into `chars`). At the top
 * level a value running past the end is "truncated"; inside a template it is a "length_mismatch"
 * (the sub-object does not fit the template's declared length).
 */
export function parseObjects(
  chars: readonly string[],
  start: number,
  end: number,
  path = '',
): Result<TlvNode[]> {
  const nodes: TlvNode[] = [];
  const seen = new Set<string>();
  const where = path ? `template ${path}` : 'the payload';
  let pos = start;
  while (pos < end) {
    if (end - pos < 4) {
      const message = `${where} ends at offset ${end} inside the id and length of a data object starting at offset ${pos}`;
      return path
        ? fail('length_mismatch', message, { offset: pos, field: path })
        : fail('truncated', message, { offset: pos });
    }
    const id = chars.slice(pos, pos + 2).join('');
    if (!DIGITS2.test(id))
      return fail('invalid_id', `id "${id}" at offset ${pos} in ${where} is not two digits`, {
        offset: pos,
        ...(path ? { field: path } : {}),
      });
    const field = at(path, id);
    const lengthText = chars.slice(pos + 2, pos + 4).join('');
    if (!DIGITS2.test(lengthText))
      return fail(
        'invalid_length',
        `length "${lengthText}" of ${field} at offset ${pos + 2} is not two digits`,
        {
          offset: pos + 2,
          field,
        },
      );
    const length = Number(lengthText);
    if (length === 0)
      return fail('invalid_length', `${field} at offset ${pos} has length 00 (01–99 allowed)`, {
        offset: pos + 2,
        field,
      });
    const valueStart = pos + 4;
    if (valueStart + length > end) {
      const message = `${field} at offset ${pos} declares ${length} characters but only ${end - valueStart} remain in ${where}`;
      return path
        ? fail('length_mismatch', message, { offset: pos, field })
        : fail('truncated', message, { offset: pos, field });
    }
    if (seen.has(id))
      return fail('duplicate_id', `${field} appears twice in ${where} (again at offset ${pos})`, {
        offset: pos,
        field,
      });
    seen.add(id);
    const value = chars.slice(valueStart, valueStart + length).join('');
    if (isTemplate(path, id)) {
      const sub = parseObjects(chars, valueStart, valueStart + length, field);
      if (!sub.ok) return sub;
      nodes.push({ id, length, value, offset: pos, children: sub.value });
    } else {
      const bad = badCharacter(chars, valueStart, valueStart + length, allowsAnyText(path, id));
      if (bad >= 0)
        return fail(
          'invalid_character',
          `${field} has a character not allowed there (U+${chars[bad]!.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) at offset ${bad}`,
          { offset: bad, field },
        );
      nodes.push({ id, length, value, offset: pos });
    }
    pos = valueStart + length;
  }
  return ok(nodes);
}

/** Length in characters (code points), as EMV QR lengths count them. */
export const charLength = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** `id` + two-digit character length + value. The caller has checked 1 ≤ length ≤ 99. */
export const tlv = (id: string, value: string): string =>
  `${id}${String(charLength(value)).padStart(2, '0')}${value}`;

/** Writes a tree back exactly as parsed (children re-serialised, so an edited child is honoured). */
export function serializeTree(nodes: readonly TlvNode[]): string {
  return nodes.map((n) => tlv(n.id, n.children ? serializeTree(n.children) : n.value)).join('');
}
