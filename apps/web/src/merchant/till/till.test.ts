import { describe, expect, it } from 'vitest';
import { clock, generatedReference, payCodeOf, referenceOk, secondsLeft, tillAmount } from './till.ts';

describe('the till rules', () => {
  it('takes a yuan amount above zero with at most two decimals (spaces and ¥ tolerated)', () => {
    expect(tillAmount('36.50')).toBe('36.50');
    expect(tillAmount(' ¥36.5 ')).toBe('36.5');
    expect(tillAmount('1,200')).toBe('1200');
    for (const bad of ['', '0', '0.00', '-1', '1.234', 'abc', '01', '1e3'])
      expect(tillAmount(bad), bad).toBeNull();
  });

  it('reads a payment code of 18 digits, typed with spaces or dashes', () => {
    expect(payCodeOf('2812 3456 7890 1234 56')).toBe('281234567890123456');
    expect(payCodeOf('281234-567890-123456\n')).toBe('281234567890123456');
    for (const bad of ['', '28123456789012345', '2812345678901234567', '28123456789012345x'])
      expect(payCodeOf(bad), bad).toBeNull();
  });

  it('makes a reference the API accepts when none is typed, and checks typed ones as the API does', () => {
    const r = generatedReference(new Date(2025, 5, 12, 14, 30, 15), () => 0);
    expect(r).toBe('T-0612-143015-AA');
    expect(referenceOk(r)).toBe(true);
    expect(referenceOk('SALE-0042')).toBe(true);
    expect(referenceOk('订单1')).toBe(false);
    expect(referenceOk('x'.repeat(65))).toBe(false);
  });

  it('counts down to the expiry', () => {
    const now = Date.parse('2025-06-12T06:30:00Z');
    expect(secondsLeft('2025-06-12T06:32:00Z', now)).toBe(120);
    expect(secondsLeft('2025-06-12T06:29:00Z', now)).toBe(0);
    expect(secondsLeft(null, now)).toBe(0);
    expect(clock(119)).toBe('1:59');
    expect(clock(5)).toBe('0:05');
  });
});
