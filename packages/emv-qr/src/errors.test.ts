import { describe, expect, it } from 'vitest';
import { decodeCpm, encodeCpm } from './cpm.ts';
import { decode } from './decode.ts';
import { encode, withCrc } from './encode.ts';
import { QR_ERROR_CODES, type QrErrorCode, type Result } from './result.ts';
import { tlv } from './tlv.ts';
import { yinbaoModel } from './yinbao.ts';

type Obj = [id: string, value: string];
const BASE: Obj[] = [
  ['00', '01'],
  ['01', '12'],
  ['26', tlv('00', 'cn.yinbao') + tlv('01', 'M0001')],
  ['52', '5812'],
  ['53', '156'],
  ['54', '12.50'],
  ['58', 'CN'],
  ['59', 'NOODLE BAR'],
  ['60', 'SHANGHAI'],
];
const body = (objs: Obj[]) => objs.map(([id, v]) => tlv(id, v)).join('');
/** A payload with a correct CRC, so the structural and field checks are what refuses it. */
const signed = (objs: Obj[]) => withCrc(body(objs));
const replace = (id: string, value: string) => BASE.map(([i, v]): Obj => [i, i === id ? value : v]);
const without = (id: string) => BASE.filter(([i]) => i !== id);
const plus = (...extra: Obj[]) => [...BASE, ...extra];
const VALID = signed(BASE);

/** One payload (or model, or CPM text) per error code, with what the message must name. */
const CASES: Record<QrErrorCode, { run: () => Result<unknown>; field?: string; says: string }[]> = {
  truncated: [
    { run: () => decode(''), says: 'empty' },
    { run: () => decode(VALID.slice(0, -3)), field: '63', says: 'declares 4 characters but only 1 remain' },
    { run: () => decode(`${body(BASE)}63`), says: 'inside the id and length' },
  ],
  length_mismatch: [
    {
      run: () => decode(signed(plus(['62', '0510ABC']))),
      field: '62.05',
      says: 'only 3 remain in template 62',
    },
    { run: () => decode(signed(plus(['62', '05']))), field: '62', says: 'template 62 ends' },
  ],
  invalid_id: [{ run: () => decode(withCrc(`${body(BASE)}A1020X`)), says: 'id "A1" at offset' }],
  invalid_length: [
    { run: () => decode(withCrc(`${body(BASE)}61X1A`)), field: '61', says: 'length "X1"' },
    { run: () => decode(withCrc(`${body(BASE)}6100`)), field: '61', says: 'length 00' },
    { run: () => encode({ ...yinbaoOk(), merchantCity: '' }), field: '60', says: 'empty' },
  ],
  invalid_character: [
    { run: () => decode(signed(replace('59', 'CAFÉ'))), field: '59', says: 'U+00C9' },
    { run: () => decode(`${VALID.slice(0, 20)}\uD800${VALID.slice(21)}`), says: 'lone surrogate' },
    {
      run: () => decode(signed(plus(['64', tlv('00', 'ZH') + tlv('01', 'a\u0007b')]))),
      field: '64.01',
      says: 'U+0007',
    },
  ],
  duplicate_id: [
    { run: () => decode(signed(plus(['59', 'AGAIN']))), field: '59', says: 'appears twice' },
    {
      run: () => decode(signed(plus(['62', tlv('05', 'A') + tlv('05', 'B')]))),
      field: '62.05',
      says: 'twice in template 62',
    },
  ],
  missing_tag: [
    { run: () => decode(signed(without('59'))), field: '59', says: 'merchant name' },
    { run: () => decode(signed(without('26'))), field: '02-51', says: 'no merchant account' },
    {
      run: () => decode(signed(replace('26', tlv('01', 'M1')))),
      field: '26.00',
      says: 'globally unique identifier',
    },
    { run: () => decode(signed(plus(['64', tlv('00', 'ZH')]))), field: '64.01', says: 'merchant name 64.01' },
    { run: () => decode(signed(plus(['55', '02']))), field: '56', says: 'needs 56' },
    { run: () => decode(body(BASE)), field: '63', says: 'CRC 63 is missing' },
    { run: () => decode(signed(BASE.slice(1))), field: '00', says: 'payload format indicator 00 is missing' },
  ],
  format_indicator_not_first: [
    { run: () => decode(signed([BASE[1]!, BASE[0]!, ...BASE.slice(2)])), field: '00', says: 'not first' },
  ],
  invalid_format_indicator: [{ run: () => decode(signed(replace('00', 'V1'))), field: '00', says: '"V1"' }],
  invalid_point_of_initiation: [
    { run: () => decode(signed(replace('01', '13'))), field: '01', says: '"13"' },
  ],
  invalid_mcc: [{ run: () => decode(signed(replace('52', '58X2'))), field: '52', says: '"58X2"' }],
  invalid_currency: [
    { run: () => decode(signed(replace('53', '999'))), field: '53', says: '"999"' },
    { run: () => decode(signed(replace('53', 'CNY'))), field: '53', says: 'ISO 4217' },
    { run: () => yinbaoModel({ ...YINBAO, currency: 'XYZ' }), field: '53', says: '"XYZ"' },
  ],
  invalid_amount: [
    { run: () => decode(signed(replace('54', '1.2.3'))), field: '54', says: 'not digits' },
    { run: () => decode(signed(replace('54', '12.'))), field: '54', says: 'not digits' },
    { run: () => decode(signed(replace('54', '0.00'))), field: '54', says: 'zero' },
    { run: () => decode(signed(replace('54', '12345678901.00'))), field: '54', says: 'longer than 13' },
    { run: () => decode(signed(plus(['55', '03'], ['57', '100']))), field: '57', says: 'below 100' },
  ],
  invalid_tip: [
    { run: () => decode(signed(plus(['55', '04']))), field: '55', says: '"04"' },
    { run: () => decode(signed(plus(['55', '01'], ['56', '1.00']))), field: '56', says: 'is not "02"' },
  ],
  invalid_country: [
    { run: () => decode(signed(replace('58', 'XX'))), field: '58', says: '"XX"' },
    { run: () => decode(signed(replace('58', 'cn'))), field: '58', says: 'ISO 3166' },
  ],
  invalid_language: [
    {
      run: () => decode(signed(plus(['64', tlv('00', 'Z1') + tlv('01', '面馆')]))),
      field: '64.00',
      says: '"Z1"',
    },
  ],
  field_too_long: [
    {
      run: () => decode(signed(replace('59', 'A'.repeat(26)))),
      field: '59',
      says: '26 characters (at most 25)',
    },
    { run: () => decode(signed(replace('60', 'SHANGHAI PUDONG1'))), field: '60', says: 'at most 15' },
    {
      run: () =>
        encode({
          ...yinbaoOk(),
          unreserved: [{ id: '80', globallyUniqueId: 'x', fields: [{ id: '01', value: 'y'.repeat(100) }] }],
        }),
      field: '80.01',
      says: 'at most 99',
    },
  ],
  crc_not_last: [
    {
      run: () => decode(`${body(BASE.slice(0, 4))}6304ABCD${body(BASE.slice(4))}`),
      field: '63',
      says: 'must be the last',
    },
  ],
  invalid_crc_format: [
    {
      run: () => decode(VALID.slice(0, -4) + VALID.slice(-4).toLowerCase()),
      field: '63',
      says: 'upper-case hex',
    },
    { run: () => decode(`${body(BASE)}6305ABCDE`), field: '63', says: 'length 5' },
  ],
  crc_mismatch: [{ run: () => decode(VALID.replace('NOODLE', 'NOODLF')), field: '63', says: 'expected' }],
  invalid_base64: [{ run: () => decodeCpm('not base64!'), says: 'not base64' }],
  ber_truncated: [
    {
      run: () => decodeCpm(Buffer.from([0x85, 0x05, 0x43]).toString('base64')),
      field: '85',
      says: 'declares 5 bytes',
    },
    { run: () => decodeCpm(Buffer.from([0x9f]).toString('base64')), says: 'runs past the end' },
  ],
  ber_invalid_length: [
    {
      run: () => decodeCpm(Buffer.from([0x85, 0x80, 0x00, 0x00]).toString('base64')),
      field: '85',
      says: 'not supported',
    },
  ],
  cpm_invalid_format_indicator: [
    {
      run: () => decodeCpm(Buffer.from([0x85, 0x05, ...Buffer.from('CPV02')]).toString('base64')),
      field: '85',
      says: 'CPV01',
    },
  ],
  cpm_missing_application: [
    {
      run: () => decodeCpm(Buffer.from([0x85, 0x05, ...Buffer.from('CPV01')]).toString('base64')),
      field: '61',
      says: 'no application',
    },
    { run: () => encodeCpm({ applications: [] }), says: 'at least one' },
  ],
  cpm_invalid_value: [
    { run: () => encodeCpm({ applications: [{ aid: 'A00' }] }), field: 'aid', says: 'hex' },
  ],
};

const YINBAO = { merchantId: 'M0001', merchantName: 'NOODLE BAR', merchantCity: 'SHANGHAI', mcc: '5812' };
function yinbaoOk() {
  const m = yinbaoModel(YINBAO);
  if (!m.ok) throw new Error(m.error.message);
  return m.value;
}

describe('errors as values', () => {
  it('the valid base payload decodes', () => {
    expect(decode(VALID).ok).toBe(true);
  });

  it('every error code has a targeted case', () => {
    expect(Object.keys(CASES).sort()).toEqual([...QR_ERROR_CODES].sort());
  });

  describe.each(Object.entries(CASES))('%s', (code, cases) => {
    it.each(cases.map((c, i) => [i, c] as const))('case %i', (_, c) => {
      const r = c.run();
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe(code);
      expect(r.error.message).toContain(c.says);
      if (c.field) expect(r.error.field).toBe(c.field);
    });
  });

  it('offsets point at the data object', () => {
    const p = signed(plus(['62', '0510ABC']));
    const r = decode(p);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(p.slice(r.error.offset!, r.error.offset! + 4)).toBe('0510');
    expect(r.error.message).toContain(`offset ${r.error.offset}`);
  });

  it('never throws on junk', () => {
    for (const junk of [
      '0',
      '00',
      '0002',
      '000201',
      '6304',
      '63040000',
      '\u0000',
      '中文',
      '😀😀😀😀😀😀😀😀',
    ])
      expect(decode(junk).ok).toBe(false);
  });
});
