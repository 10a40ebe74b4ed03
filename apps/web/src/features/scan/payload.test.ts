import { describe, expect, it } from 'vitest';
import { payLink, paymentPayload } from './payload.ts';

const CODE =
  '00020101021126330009cn.yinbao0108m-1234560208q-7890125204581253031565802CN5915YINBAO MERCHANT6007BEIJING6304ABCD';

describe('what a scanned or pasted text is', () => {
  it('an EMVCo payload is kept as it is (spaces inside kept, line breaks and ends trimmed)', () => {
    expect(paymentPayload(CODE)).toBe(CODE);
    expect(paymentPayload(`  ${CODE}\n`)).toBe(CODE);
  });
  it('a pay link (what a shop writes to an NFC tag) gives its code', () => {
    expect(paymentPayload(`https://wallet.example${payLink(CODE)}`)).toBe(CODE);
    expect(paymentPayload(`http://localhost:3000/pay/?code=${encodeURIComponent(CODE)}`)).toBe(CODE);
  });
  it('anything else is not a payment code', () => {
    for (const text of [
      '',
      'hello',
      'https://example.com/',
      'https://example.com/pay?code=hello',
      'https://example.com/other?code=' + encodeURIComponent(CODE),
      'WIFI:S:shop;T:WPA;P:secret;;',
      `000201${'9'.repeat(600)}`,
    ])
      expect(paymentPayload(text), text).toBeNull();
  });
});
