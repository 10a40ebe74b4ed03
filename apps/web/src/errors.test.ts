import { describe, expect, it } from 'vitest';
import { identityErrors } from '../../server/src/modules/identity/identity.errors.ts';
import {
  ERROR_MESSAGES,
  errorMessage,
  GENERIC_ERROR,
  SIGN_IN_ERROR_CODES,
  SIGN_UP_ERROR_CODES,
} from './errors.ts';

describe('API error messages', () => {
  it('has plain words in both languages for every code signing in or up can answer', () => {
    for (const code of [...SIGN_IN_ERROR_CODES, ...SIGN_UP_ERROR_CODES]) {
      const m = ERROR_MESSAGES[code];
      expect(m, code).toBeDefined();
      expect(m!['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(m!.en).toMatch(/^[A-Z]/);
      // Never the raw code in what a customer reads.
      expect(m!['zh-CN']).not.toContain(code);
      expect(m!.en).not.toContain(code);
    }
  });

  it('knows every code of the identity module of the server (a new one must get words here)', () => {
    // PHONE_TAKEN exists only with phone verification switched off (development and tests).
    const known = new Set<string>([...SIGN_IN_ERROR_CODES, ...SIGN_UP_ERROR_CODES, 'PHONE_TAKEN']);
    expect(Object.keys(identityErrors).filter((c) => !known.has(c))).toEqual([]);
  });

  it('picks the language and falls back to a generic message for unknown codes', () => {
    expect(errorMessage('INVALID_CREDENTIALS', 'zh-CN')).toBe(ERROR_MESSAGES.INVALID_CREDENTIALS!['zh-CN']);
    expect(errorMessage('INVALID_CREDENTIALS', 'en')).toBe(ERROR_MESSAGES.INVALID_CREDENTIALS!.en);
    expect(errorMessage('SOMETHING_NEW', 'en')).toBe(GENERIC_ERROR.en);
    expect(errorMessage(undefined, 'zh-CN')).toBe(GENERIC_ERROR['zh-CN']);
  });
});
