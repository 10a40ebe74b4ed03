/**
 * A payment PIN is six digits that are not trivially guessable: not one digit repeated, not a run
 * up or down (123456, 987654, 901234 wrapping), not a repeated pair or triple (121212, 123123),
 * not the last six digits of the customer's own phone number.
 */
export function pinProblem(pin: string, phoneE164: string): 'PIN_FORMAT' | 'PIN_TOO_SIMPLE' | null {
  if (!/^\d{6}$/.test(pin)) return 'PIN_FORMAT';
  const d = [...pin].map(Number);
  const steps = d.slice(1).map((x, i) => (x - d[i]! + 10) % 10);
  if (steps.every((s) => s === steps[0]) && (steps[0] === 0 || steps[0] === 1 || steps[0] === 9))
    return 'PIN_TOO_SIMPLE';
  if (pin === pin.slice(0, 2).repeat(3) || pin === pin.slice(0, 3).repeat(2)) return 'PIN_TOO_SIMPLE';
  if (phoneE164.endsWith(pin)) return 'PIN_TOO_SIMPLE';
  return null;
}
