import { describe, expect, it } from 'vitest';
import { luhnValid, scanForSecrets } from './helpers/secret-scan.ts';

describe('secret scanner for logs', () => {
  it('finds Luhn-valid card numbers, contiguous or grouped, and ignores other digit runs', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    const lines = [
      '{"level":30,"time":1764588000000,"msg":"ok"}', // a 13-digit epoch in the time field
      '{"msg":"card 4111111111111111 declined"}',
      '{"msg":"card 4111 1111 1111 1111"}',
      '{"msg":"card 4111-1111-1111-1111"}',
      '{"msg":"not a card 4111111111111112"}',
      '{"msg":"too short 411111111111"}',
      '{"msg":"amount 12345.67 and id 0190f1c2-aaaa-7bbb-8ccc-123456789012"}',
      '{"msg":"masked ************1111"}',
      // Digit runs inside UUIDs, joined by their dashes, are Luhn-valid by chance (request ids).
      '{"reqId":"3bf9ee0c-62b7-4548-b047-961806680060","url":"/v1/x/cc8ea756-0001-4000-8000-001693f6ce81"}',
      '{"url":"/v1/staff/merchants?cursor=eb053d49-0016-4000-8000-********8793"}',
      // A request id whose digit-only groups run to a Luhn-valid 15 digits ("9991-66740674199").
      '{"reqId":"0eabba54-1e27-44fa-9991-66740674199d","msg":"incoming request"}',
    ];
    const found = scanForSecrets(lines);
    expect(found.map((f) => [f.kind, f.line])).toEqual([
      ['pan', 2],
      ['pan', 3],
      ['pan', 4],
    ]);
    expect(found[0]!.masked).toBe('4111…11');
  });

  it('ignores digit stretches inside UUIDs and hex ids, and still finds a card number next to one', () => {
    // Both held Luhn-valid runs and were reported as card numbers in a chaos run's logs.
    const uuid = '5b0faa27-0201-4924-9986-26250992db4b';
    const eventId = 'evt_48be94275f1d87b18157651460350914';
    const found = scanForSecrets([
      `{"reqId":"${uuid}","msg":"incoming request"}`,
      `{"eventId":"${eventId}","msg":"webhook delivered"}`,
      `{"reqId":"${uuid}","msg":"card 4111111111111111"}`,
    ]);
    expect(found.map((f) => [f.kind, f.line])).toEqual([['pan', 3]]);
  });

  it('finds credentials by their shape, and known values (short codes only standing alone)', () => {
    const token = `ybs_${'A'.repeat(43)}`;
    const key = `ybk_live_abcdefghijkl_${'b'.repeat(43)}`;
    const found = scanForSecrets(
      [
        `{"headers":{"authorization":"Bearer ${token}"}}`,
        `{"key":"${key}"}`,
        `{"secret":"whsec_${'c'.repeat(43)}","staff":"ybo_${'d'.repeat(43)}"}`,
        '{"msg":"code 482913 sent"}',
        '{"msg":"took 14829135 µs"}',
        '{"msg":"password was correct horse battery"}',
      ],
      [
        { kind: 'otp', value: '482913' },
        { kind: 'pin', value: '829135' },
        { kind: 'password', value: 'correct horse battery' },
      ],
    );
    expect(found.map((f) => `${f.kind}@${f.line}`).sort()).toEqual(
      ['session-token@1', 'api-key@2', 'webhook-secret@3', 'staff-token@3', 'otp@4', 'password@6'].sort(),
    );
    expect(JSON.stringify(found)).not.toContain(token);
  });
});
