const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/**
 * Mainland resident identity number (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit
 * sequence, checksum (mod 11, 'X' for 10). Returns the normalised number or why it is not valid.
 */
export function checkResidentId(
  input: string,
  today: Date,
): { ok: true; id: string } | { ok: false; reason: string } {
  const id = input.trim().toUpperCase();
  if (!/^[1-8]\d{16}[\dX]$/.test(id)) return { ok: false, reason: 'format' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || birth > today) {
    return { ok: false, reason: 'birth_date' };
  }
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  if (CHECK[sum % 11] !== id[17]) return { ok: false, reason: 'checksum' };
  return { ok: true, id };
}

/** Names compare after removing spaces and the middle dot of transliterated names, case-insensitively. */
export const sameName = (a: string, b: string) =>
  a.replace(/[\s·.]/g, '').toLowerCase() === b.replace(/[\s·.]/g, '').toLowerCase();

export { maskName } from '../../platform/mask.ts';
