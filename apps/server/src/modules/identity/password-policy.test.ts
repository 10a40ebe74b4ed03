import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy.ts';

describe('password policy (S1, NIST 800-63B)', () => {
  const phone = '+8613800138000';
  it.each([
    ['1234567', 'too_short'],
    ['x'.repeat(129), 'too_long'],
    ['password123', 'common'],
    ['PassWord123', 'common'],
    ['woaini1314', 'common'],
    ['1q2w3e4r', 'common'],
    ['88888888', 'common'],
    ['me13800138000', 'contains_phone'],
    ['00138000x', 'contains_phone'],
    ['abababab', 'repetitive'],
  ])('%s → %s', (pw, problem) => {
    expect(passwordProblem(pw, phone)).toBe(problem);
  });
  it('accepts a long passphrase without composition rules, including Chinese', () => {
    expect(passwordProblem('correct horse battery', phone)).toBeNull();
    expect(passwordProblem('我的钱包很安全的', phone)).toBeNull();
  });
});
