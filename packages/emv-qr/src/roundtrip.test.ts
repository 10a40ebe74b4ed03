import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { model } from './arbitraries.ts';
import { decode } from './decode.ts';
import { encode, encodeTree } from './encode.ts';
import { charLength } from './tlv.ts';

describe('encode ↔ decode round trip (property)', () => {
  it('decode(encode(m)) equals m, and encode → decode → encode is the identity', () => {
    fc.assert(
      fc.property(model, (m) => {
        const payload = encode(m);
        if (!payload.ok) throw new Error(`${payload.error.code}: ${payload.error.message}`);
        const decoded = decode(payload.value);
        if (!decoded.ok) throw new Error(`${decoded.error.code}: ${decoded.error.message}`);
        expect(decoded.value.model).toEqual(m);
        expect(encode(decoded.value.model)).toEqual(payload);
        expect(encodeTree(decoded.value.tree)).toEqual(payload);
      }),
      { numRuns: 500 },
    );
  });

  it('counts lengths in characters: a Chinese name in template 64 and an emoji in an unreserved template', () => {
    const r = encode({
      payloadFormatIndicator: '01',
      pointOfInitiation: 'static',
      merchantAccounts: [{ id: '26', globallyUniqueId: 'cn.yinbao', fields: [{ id: '01', value: 'M1' }] }],
      mcc: '5812',
      currency: '156',
      countryCode: 'CN',
      merchantName: 'LAO WANG NOODLES',
      merchantCity: 'SHANGHAI',
      language: { preference: 'ZH', name: '老王面馆', city: '上海', rfu: [] },
      rfu: [],
      unreserved: [{ id: '80', globallyUniqueId: 'cn.yinbao', fields: [{ id: '01', value: '好吃😀' }] }],
    });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toContain('64200002ZH0104老王面馆0202上海');
    expect(r.value).toContain('0103好吃😀');
    expect(charLength('好吃😀')).toBe(3);
  });
});
