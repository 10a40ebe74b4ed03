/**
 * The mainland resident identity number check (GB 11643-1999), as the server applies it
 * (apps/server/src/modules/kyc/resident-id.ts): 18 characters — a region digit 1–8, 16 digits with
 * the birth date (YYYYMMDD) at 7–14, and a mod-11 check character ('X' for 10).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type IdProblem = 'format' | 'birth_date' | 'checksum';

export function residentIdProblem(input: string, today = new Date()): IdProblem | null {
  const id = input.replace(/\s/g, '').toUpperCase();
  if (!/^[1-8]\d{16}[\dX]$/.test(id)) return 'format';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || birth > today) {
    return 'birth_date';
  }
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return CHECK[sum % 11] === id[17] ? null : 'checksum';
}

/** The number as sent: no spaces, a lower-case x made upper-case. */
export const normaliseId = (input: string) => input.replace(/\s/g, '').toUpperCase();
