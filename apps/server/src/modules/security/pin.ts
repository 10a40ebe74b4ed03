/**
 * A payment PIN is six digits that are not trivially guessable: not one digit repeated, not a run
 * up or down (123456, 987654, 901234 wrapping), not a repeated pair or triple (121212, 123123),
 * not the last six digits of the customer's own phone number, not their birthday (known once a
 * real-name ID is on file: YYMMDD, MMDDYY, DDMMYY, or MMDD/DDMM and the year's last two digits).
 */
export function pinProblem(
  pin: string,
  phoneE164: string,
  birthDate: string | null = null,
): 'PIN_FORMAT' | 'PIN_TOO_SIMPLE' | null {
  if (!/^\d{6}$/.test(pin)) return 'PIN_FORMAT';
  const d = [...pin].map(Number);
  const steps = d.slice(1).map((x, i) => (x - d[i]! + 10) % 10);
  if (steps.every((s) => s === steps[0]) && (steps[0] === 0 || steps[0] === 1 || steps[0] === 9))
    return 'PIN_TOO_SIMPLE';
  if (pin === pin.slice(0, 2).repeat(3) || pin === pin.slice(0, 3).repeat(2)) return 'PIN_TOO_SIMPLE';
  if (phoneE164.endsWith(pin)) return 'PIN_TOO_SIMPLE';
  if (birthDate && birthdayForms(birthDate).includes(pin)) return 'PIN_TOO_SIMPLE';
  return null;
}

/** The six-digit ways people write a birth date (YYYYMMDD in). */
export function birthdayForms(yyyymmdd: string): string[] {
  const y = yyyymmdd.slice(2, 4);
  const m = yyyymmdd.slice(4, 6);
  const d = yyyymmdd.slice(6, 8);
  return [
    y + m + d,
    m + d + y,
    d + m + y,
    yyyymmdd.slice(0, 4) + m,
    m + d + yyyymmdd.slice(0, 2),
    yyyymmdd.slice(2),
  ];
}
