import fc from 'fast-check';
import type { AdditionalData, DataObject, Language, MerchantAccount, MpmModel, Template } from './model.ts';

/** Test-only generators of valid, canonical models (sub-objects in ascending id order). */
const id = (lo: number, hi: number) =>
  fc.integer({ min: lo, max: hi }).map((n) => String(n).padStart(2, '0'));
const chars = (arb: fc.Arbitrary<string>, min: number, max: number) =>
  fc.array(arb, { minLength: min, maxLength: max }).map((a) => a.join(''));
const ascii = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCodePoint(c));
/** Printable ASCII, CJK, Latin-1 letters, Cyrillic and astral emoji: lengths count code points. */
const anyChar = fc.oneof(
  ascii,
  fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCodePoint(c)),
  fc.integer({ min: 0xc0, max: 0xff }).map((c) => String.fromCodePoint(c)),
  fc.integer({ min: 0x410, max: 0x44f }).map((c) => String.fromCodePoint(c)),
  fc.integer({ min: 0x1f600, max: 0x1f64f }).map((c) => String.fromCodePoint(c)),
);
export const ans = (min: number, max: number) => chars(ascii, min, max);
export const text = (min: number, max: number) => chars(anyChar, min, max);
const digits = (min: number, max: number) => chars(fc.constantFrom(...'0123456789'), min, max);

const sorted = <T extends { id: string }>(a: T[]) => a.sort((x, y) => Number(x.id) - Number(y.id));
const objects = (lo: number, hi: number, value: fc.Arbitrary<string>, max: number) =>
  fc
    .uniqueArray(fc.record({ id: id(lo, hi), value }), { selector: (o) => o.id, maxLength: max })
    .map((a): DataObject[] => sorted(a));
const template = (lo: number, hi: number, value: fc.Arbitrary<string>, guid = ans(1, 20), fields = 3) =>
  fc.record({ id: id(lo, hi), globallyUniqueId: guid, fields: objects(1, 99, value, fields) });

const amount = fc
  .tuple(fc.integer({ min: 1, max: 999_999_999 }), fc.option(digits(1, 2), { nil: undefined }))
  .map(([i, d]) => (d === undefined ? String(i) : `${i}.${d}`));

const account: fc.Arbitrary<MerchantAccount> = fc.oneof(
  fc.record({ id: id(2, 25), value: ans(1, 40) }),
  template(26, 51, ans(1, 15)),
);

const additionalData: fc.Arbitrary<AdditionalData> = fc
  .record(
    {
      billNumber: ans(1, 20),
      referenceLabel: ans(1, 20),
      rfu: objects(12, 49, ans(1, 10), 1),
      paymentSystemTemplates: fc
        .uniqueArray(template(50, 99, ans(1, 8), ans(1, 8), 1), { selector: (t) => t.id, maxLength: 1 })
        .map((a): Template[] => sorted(a)),
    },
    { requiredKeys: ['billNumber', 'rfu', 'paymentSystemTemplates'] },
  )
  .map((a) => a as AdditionalData);

const language: fc.Arbitrary<Language> = fc.record(
  {
    preference: fc.constantFrom('ZH', 'zh', 'EN', 'TH', 'MS'),
    name: text(1, 25),
    city: text(1, 15),
    rfu: objects(3, 99, text(1, 10), 1),
  },
  { requiredKeys: ['preference', 'name', 'rfu'] },
);

const CURRENCIES = ['156', '344', '446', '702', '764', '458', '986', '356', '566', '840', '978', '392'];
const COUNTRIES = ['CN', 'HK', 'MO', 'SG', 'TH', 'MY', 'BR', 'IN', 'NG', 'US', 'DE', 'JP'];

const tip = fc.oneof(
  fc.constant({}),
  fc.constant({ tip: 'prompt' as const }),
  amount.map((fee) => ({ tip: 'fixed' as const, convenienceFeeFixed: fee })),
  fc
    .tuple(fc.integer({ min: 1, max: 99 }), fc.option(digits(1, 2), { nil: undefined }))
    .map(([i, d]) => ({ tip: 'percentage' as const, convenienceFeePercentage: d ? `${i}.${d}` : String(i) })),
);

export const model: fc.Arbitrary<MpmModel> = fc
  .record(
    {
      payloadFormatIndicator: fc.constant('01'),
      pointOfInitiation: fc.constantFrom('static' as const, 'dynamic' as const),
      merchantAccounts: fc
        .uniqueArray(account, { selector: (a) => a.id, minLength: 1, maxLength: 3 })
        .map((a) => sorted(a)),
      mcc: digits(4, 4),
      currency: fc.constantFrom(...CURRENCIES),
      amount,
      countryCode: fc.constantFrom(...COUNTRIES),
      merchantName: ans(1, 25),
      merchantCity: ans(1, 15),
      postalCode: ans(1, 10),
      additionalData,
      language,
      rfu: objects(65, 79, ans(1, 20), 2),
      unreserved: fc
        .uniqueArray(template(80, 99, text(1, 15)), { selector: (t) => t.id, maxLength: 2 })
        .map((a): Template[] => sorted(a)),
    },
    {
      requiredKeys: [
        'payloadFormatIndicator',
        'merchantAccounts',
        'mcc',
        'currency',
        'countryCode',
        'merchantName',
        'merchantCity',
        'rfu',
        'unreserved',
      ],
    },
  )
  .chain((m) => tip.map((t) => ({ ...m, ...t }) as MpmModel));
