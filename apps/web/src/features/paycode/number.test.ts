import { describe, expect, it } from 'vitest';
import { groupedCode } from './number.ts';

describe('the pay code number on screen', () => {
  const code = '281234567890123456';
  it('groups the 18 digits by four', () => {
    expect(groupedCode(code, true)).toBe('2812 3456 7890 1234 56');
  });
  it('hides all but the first and last four digits until shown', () => {
    expect(groupedCode(code, false)).toBe('2812 •••• •••• ••34 56');
    expect(groupedCode(code, false).replace(/\D/g, '')).toBe('28123456');
  });
});
