import { describe, expect, it } from 'vitest';
import { createLogger, maskUrl } from './logger.ts';

describe('log redaction', () => {
  it('removes credentials, tokens and card numbers wherever they travel', () => {
    const lines: string[] = [];
    const log = createLogger({ destination: { write: (s: string) => void lines.push(s) } });
    log.info(
      {
        body: {
          password: 'hunter2hunter2',
          pan: '6222021000040001',
          pin: '135790',
          otp: '482913',
          token: 'ybs_secret',
        },
      },
      'x',
    );
    log.info(
      {
        req: {
          id: '1',
          method: 'GET',
          url: '/v1/cards/6222021000040001',
          headers: { authorization: 'Bearer ybs_abc' },
        },
      },
      'y',
    );
    const all = lines.join('\n');
    for (const secret of [
      'hunter2hunter2',
      '6222021000040001',
      '135790',
      '482913',
      'ybs_secret',
      'ybs_abc',
    ]) {
      expect(all).not.toContain(secret);
    }
    expect(all).toContain('[redacted]');
  });

  it('masks card-number-like digit runs in URLs', () => {
    expect(maskUrl('/x/6222021000040001?y=1')).toBe('/x/************0001?y=1');
  });
});
