import { describe, expect, it } from 'vitest';
import { decode } from './decode.ts';
import { readYinbaoQr, yinbaoMerchantQr } from './yinbao.ts';

const SHOP = {
  merchantId: 'M8000123',
  merchantName: 'LAO WANG NOODLES',
  merchantCity: 'SHANGHAI',
  mcc: '5812',
};

describe("Yinbao's merchant-presented QR", () => {
  it('static: template 26 with cn.yinbao and the merchant id, point of initiation 11, no amount', () => {
    const r = yinbaoMerchantQr({ ...SHOP, nameZh: '老王面馆', cityZh: '上海' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatch(/^00020101021126250009cn\.yinbao0108M8000123/);
    const d = decode(r.value);
    if (!d.ok) throw new Error(d.error.message);
    expect(readYinbaoQr(d.value.model)).toEqual({
      merchantId: 'M8000123',
      dynamic: false,
      currency: '156',
      merchantName: 'LAO WANG NOODLES',
      nameZh: '老王面馆',
    });
    expect(d.value.model.language).toEqual({ preference: 'ZH', name: '老王面馆', city: '上海', rfu: [] });
  });

  it('dynamic: the amount in 54 and the order reference in 62.05, point of initiation 12', () => {
    const r = yinbaoMerchantQr({ ...SHOP, amount: '36.50', reference: 'ORD-20250101-0001', currency: 'CNY' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toContain('010212');
    expect(r.value).toContain('540536.50');
    expect(r.value).toContain('62210517ORD-20250101-0001');
    const d = decode(r.value);
    expect(d.ok && readYinbaoQr(d.value.model)).toMatchObject({
      dynamic: true,
      amount: '36.50',
      reference: 'ORD-20250101-0001',
    });
  });

  it('refuses what EMVCo refuses, as a value', () => {
    expect(yinbaoMerchantQr({ ...SHOP, merchantName: '老王面馆' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_character', field: '59' },
    });
    expect(yinbaoMerchantQr({ ...SHOP, amount: '1,000' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_amount' },
    });
  });

  it('is not confused by other schemes', () => {
    const pix = decode(
      '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D',
    );
    expect(pix.ok && readYinbaoQr(pix.value.model)).toBeNull();
  });
});
