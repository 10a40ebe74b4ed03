import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBer, encodeBer } from './ber.ts';
import { type CpmData, decodeCpm, encodeCpm } from './cpm.ts';
import { CPM_SPEC_EXAMPLE } from './fixtures.ts';

describe('consumer-presented mode', () => {
  it('decodes the EMVCo CPM specification example', () => {
    const r = decodeCpm(CPM_SPEC_EXAMPLE);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.formatIndicator).toBe('CPV01');
    expect(r.value.applications).toEqual([
      { aid: 'A0000000555555', label: 'Product1' },
      { aid: 'A0000000666666', label: 'Product2' },
    ]);
    expect(r.value.commonData).toEqual({
      pan: '1234567890123458',
      cardholderName: 'CARDHOLDER/EMV',
      languagePreference: 'ruesdeen',
      transparent: [
        { tag: '9F10', hex: '06010A03000000' },
        { tag: '9F26', hex: '584FD385FA234BCC' },
        { tag: '9F36', hex: '0001' },
        { tag: '9F37', hex: '6D58EF13' },
      ],
    });
    // The raw tree writes the same bytes back.
    expect(Buffer.from(encodeBer(r.value.tree)).toString('base64')).toBe(CPM_SPEC_EXAMPLE);
  });

  it('encodes named fields to what the specification example holds', () => {
    const decoded = decodeCpm(CPM_SPEC_EXAMPLE);
    if (!decoded.ok) throw new Error(decoded.error.message);
    const { applications, commonData } = decoded.value;
    expect(encodeCpm({ applications, ...(commonData ? { commonData } : {}) })).toEqual({
      ok: true,
      value: CPM_SPEC_EXAMPLE,
    });
  });

  it('round-trips track 2, odd-length PAN (F padding), last 4 digits, a Chinese name and a 63 template', () => {
    const app: CpmData = {
      aid: 'A000000333010101',
      label: 'UnionPay',
      track2: '6212345678901234D30122011234567890',
      pan: '621234567890123',
      cardholderName: '张三',
      last4Digits: '1234',
      transparent: [{ tag: '9F74', hex: '4543433030313030' }],
    };
    const payload = encodeCpm({ applications: [app] });
    if (!payload.ok) throw new Error(payload.error.message);
    const back = decodeCpm(payload.value);
    expect(back.ok && back.value.applications).toEqual([app]);
    expect(back.ok && back.value.tree[1]!.children!.find((n) => n.tag === '5A')!.hex).toBe(
      '621234567890123F',
    );
  });

  it('BER-TLV: long lengths (0x81, 0x82) and multi-byte tags round-trip (property)', () => {
    const node = fc.record({
      tag: fc.constantFrom('5A', '9F25', '5F20', '9F7F', 'DF8101'),
      hex: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('hex').toUpperCase()),
    });
    fc.assert(
      fc.property(fc.array(node, { maxLength: 4 }), (nodes) => {
        expect(decodeBer(encodeBer(nodes))).toEqual({ ok: true, value: nodes });
      }),
    );
  });
});
