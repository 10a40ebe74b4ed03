import { crcHex } from './crc.ts';
import {
  type AdditionalData,
  additionalDataName,
  type DataObject,
  type DecodedMpm,
  type Language,
  type MerchantAccount,
  type MpmModel,
  type Template,
  TIP,
} from './model.ts';
import { fail, ok, type Result } from './result.ts';
import { isCountryCode, isCurrencyNumeric } from './tables.ts';
import { parseObjects, type TlvNode } from './tlv.ts';

/** Merchant name, city, postal code… : the most characters the specification allows. */
const MAX_LENGTH: Record<string, number> = {
  '59': 25,
  '60': 15,
  '61': 10,
  '62.01': 25,
  '62.02': 25,
  '62.03': 25,
  '62.04': 25,
  '62.05': 25,
  '62.06': 25,
  '62.07': 25,
  '62.08': 25,
  '62.09': 3,
  '62.10': 20,
  '62.11': 3,
  '64.00': 2,
  '64.01': 25,
  '64.02': 15,
};

const AMOUNT = /^\d+(\.\d+)?$/;
const isZero = (s: string) => /^[0.]+$/.test(s);

/** EMVCo amount: digits with an optional "." and decimals, at most 13 characters, not zero. */
export function amountError(field: string, value: string, maxLength = 13): string | null {
  if (value.length > maxLength) return `${field} "${value}" is longer than ${maxLength} characters`;
  if (!AMOUNT.test(value)) return `${field} "${value}" is not digits with an optional "." and decimals`;
  if (isZero(value)) return `${field} "${value}" is zero`;
  return null;
}

const TAIL = /6304(.{4})$/u;

export type DecodeOptions = {
  /**
   * Accept payloads without the merchant category code 52, merchant name 59 or merchant city 60,
   * which EMVCo makes mandatory but some schemes leave out (Thai PromptPay person-to-person codes
   * carry only 00, 01, 29, 53, 54, 58, 63). The absent fields are '' in the model and listed in
   * `missing`. Everything else stays strict.
   */
  lenient?: boolean;
};

/** Mandatory in EMVCo, optional when decoding leniently. */
const LENIENT_OPTIONAL = ['52', '59', '60'];

/**
 * Reads a merchant-presented EMV QR payload. The CRC is checked first whenever the payload ends
 * like one ("6304" + 4 characters), so a corrupted length that still parses is refused; the
 * structure and every field are then checked. Unknown (reserved) ids are kept.
 */
export function decode(payload: string, options: DecodeOptions = {}): Result<DecodedMpm> {
  if (typeof payload !== 'string' || payload.length === 0)
    return fail('truncated', 'the payload is empty', { offset: 0 });
  if (!payload.isWellFormed()) {
    const chars = Array.from(payload);
    const bad = chars.findIndex((c) => !c.isWellFormed());
    return fail('invalid_character', `lone surrogate (not a Unicode character) at offset ${bad}`, {
      offset: bad,
    });
  }
  const chars = Array.from(payload);
  const tail = TAIL.exec(payload);
  if (tail) {
    const found = tail[1]!;
    const crcOffset = chars.length - 4;
    if (!/^[0-9A-F]{4}$/.test(found))
      return fail(
        'invalid_crc_format',
        `CRC "${found}" at offset ${crcOffset} is not 4 upper-case hex digits`,
        {
          offset: crcOffset,
          field: '63',
        },
      );
    const expected = crcHex(payload.slice(0, -4));
    if (expected !== found)
      return fail(
        'crc_mismatch',
        `CRC mismatch: expected ${expected}, found ${found} at offset ${crcOffset}`,
        {
          offset: crcOffset,
          field: '63',
        },
      );
  }
  const parsed = parseObjects(chars, 0, chars.length);
  if (!parsed.ok) return parsed;
  const tree = parsed.value;
  const first = tree[0]!;
  if (first.id !== '00') {
    const pfi = tree.find((n) => n.id === '00');
    return pfi
      ? fail(
          'format_indicator_not_first',
          `payload format indicator 00 is at offset ${pfi.offset}, not first`,
          {
            offset: pfi.offset,
            field: '00',
          },
        )
      : fail('missing_tag', 'payload format indicator 00 is missing', { field: '00' });
  }
  const last = tree[tree.length - 1]!;
  if (last.id !== '63') {
    const crc = tree.find((n) => n.id === '63');
    return crc
      ? fail('crc_not_last', `CRC 63 is at offset ${crc.offset} but must be the last data object`, {
          offset: crc.offset,
          field: '63',
        })
      : fail('missing_tag', 'CRC 63 is missing', { field: '63' });
  }
  // 63 last with any length other than 4 cannot end in "6304xxxx": the tail check above did not run.
  if (last.length !== 4 || !tail)
    return fail('invalid_crc_format', `CRC 63 at offset ${last.offset} has length ${last.length}, not 04`, {
      offset: last.offset,
      field: '63',
    });
  const missing = options.lenient ? LENIENT_OPTIONAL.filter((id) => !get(tree, id)) : [];
  const model = toModel(tree, missing);
  if (!model.ok) return model;
  return ok({ model: model.value, tree, crc: last.value, ...(missing.length ? { missing } : {}) });
}

const get = (nodes: readonly TlvNode[], id: string) => nodes.find((n) => n.id === id);
const where = (n: TlvNode, field: string) => ({ offset: n.offset, field });
const plain = (n: TlvNode): DataObject => ({ id: n.id, value: n.value });

function template(n: TlvNode, field: string): Result<Template> {
  const children = n.children ?? [];
  const guid = get(children, '00');
  if (!guid)
    return fail(
      'missing_tag',
      `template ${field} at offset ${n.offset} has no globally unique identifier ${field}.00`,
      {
        offset: n.offset,
        field: `${field}.00`,
      },
    );
  return ok({
    id: n.id,
    globallyUniqueId: guid.value,
    fields: children.filter((c) => c.id !== '00').map(plain),
  });
}

function checkLengths(nodes: readonly TlvNode[], path: string): Result<null> {
  for (const n of nodes) {
    const field = path ? `${path}.${n.id}` : n.id;
    const max = MAX_LENGTH[field];
    if (max !== undefined && n.length > max)
      return fail(
        'field_too_long',
        `${field} at offset ${n.offset} has ${n.length} characters (at most ${max})`,
        where(n, field),
      );
    if (n.children) {
      const r = checkLengths(n.children, field);
      if (!r.ok) return r;
    }
  }
  return ok(null);
}

function toModel(tree: readonly TlvNode[], allowedMissing: readonly string[]): Result<MpmModel> {
  const lengths = checkLengths(tree, '');
  if (!lengths.ok) return lengths;
  for (const id of ['52', '53', '58', '59', '60'])
    if (!get(tree, id) && !allowedMissing.includes(id))
      return fail('missing_tag', `mandatory data object ${id} (${NAMES[id]}) is missing`, { field: id });

  const pfi = get(tree, '00')!;
  if (!/^\d\d$/.test(pfi.value))
    return fail(
      'invalid_format_indicator',
      `payload format indicator "${pfi.value}" is not two digits`,
      where(pfi, '00'),
    );

  const model: MpmModel = {
    payloadFormatIndicator: pfi.value,
    merchantAccounts: [],
    mcc: '',
    currency: '',
    countryCode: '',
    merchantName: '',
    merchantCity: '',
    rfu: [],
    unreserved: [],
  };
  for (const n of tree) {
    const id = Number(n.id);
    const r = readTop(model, n, id);
    if (!r.ok) return r;
  }
  if (model.merchantAccounts.length === 0)
    return fail('missing_tag', 'no merchant account information (ids 02–51)', { field: '02-51' });
  const tip = get(tree, '55');
  if (tip?.value === '02' && !get(tree, '56'))
    return fail('missing_tag', 'tip indicator 55 = "02" (fixed fee) needs 56, the fee', where(tip, '56'));
  if (tip?.value === '03' && !get(tree, '57'))
    return fail(
      'missing_tag',
      'tip indicator 55 = "03" (percentage fee) needs 57, the percentage',
      where(tip, '57'),
    );
  for (const [fee, code] of [
    ['56', '02'],
    ['57', '03'],
  ] as const) {
    const n = get(tree, fee);
    if (n && tip?.value !== code)
      return fail(
        'invalid_tip',
        `${fee} at offset ${n.offset} is present but tip indicator 55 is not "${code}"`,
        where(n, fee),
      );
  }
  return ok(model);
}

const NAMES: Record<string, string> = {
  '52': 'merchant category code',
  '53': 'transaction currency',
  '58': 'country code',
  '59': 'merchant name',
  '60': 'merchant city',
};

function readTop(model: MpmModel, n: TlvNode, id: number): Result<null> {
  const v = n.value;
  if (id >= 2 && id <= 25) model.merchantAccounts.push({ id: n.id, value: v } satisfies MerchantAccount);
  else if (id >= 26 && id <= 51) {
    const t = template(n, n.id);
    if (!t.ok) return t;
    model.merchantAccounts.push(t.value);
  } else if (id >= 80) {
    const t = template(n, n.id);
    if (!t.ok) return t;
    model.unreserved.push(t.value);
  } else if (id >= 65) model.rfu.push(plain(n));
  else
    switch (n.id) {
      case '00':
      case '63':
        break;
      case '01':
        if (v !== '11' && v !== '12')
          return fail(
            'invalid_point_of_initiation',
            `point of initiation "${v}" at offset ${n.offset} is neither "11" (static) nor "12" (dynamic)`,
            where(n, '01'),
          );
        model.pointOfInitiation = v === '11' ? 'static' : 'dynamic';
        break;
      case '52':
        if (!/^\d{4}$/.test(v))
          return fail(
            'invalid_mcc',
            `merchant category code "${v}" at offset ${n.offset} is not 4 digits`,
            where(n, '52'),
          );
        model.mcc = v;
        break;
      case '53':
        if (!/^\d{3}$/.test(v) || !isCurrencyNumeric(v))
          return fail(
            'invalid_currency',
            `transaction currency "${v}" at offset ${n.offset} is not an ISO 4217 numeric code`,
            where(n, '53'),
          );
        model.currency = v;
        break;
      case '54':
      case '56': {
        const e = amountError(n.id === '54' ? 'transaction amount 54' : 'convenience fee 56', v);
        if (e) return fail('invalid_amount', `${e} (offset ${n.offset})`, where(n, n.id));
        if (n.id === '54') model.amount = v;
        else model.convenienceFeeFixed = v;
        break;
      }
      case '55':
        if (v !== '01' && v !== '02' && v !== '03')
          return fail(
            'invalid_tip',
            `tip or convenience indicator "${v}" at offset ${n.offset} is not 01, 02 or 03`,
            where(n, '55'),
          );
        model.tip = TIP[v];
        break;
      case '57': {
        const e = amountError('convenience fee percentage 57', v, 5);
        if (e || Number(v) >= 100)
          return fail(
            'invalid_amount',
            `${e ?? `convenience fee percentage 57 "${v}" is not below 100`} (offset ${n.offset})`,
            where(n, '57'),
          );
        model.convenienceFeePercentage = v;
        break;
      }
      case '58':
        if (!isCountryCode(v))
          return fail(
            'invalid_country',
            `country code "${v}" at offset ${n.offset} is not ISO 3166-1 alpha-2`,
            where(n, '58'),
          );
        model.countryCode = v;
        break;
      case '59':
        model.merchantName = v;
        break;
      case '60':
        model.merchantCity = v;
        break;
      case '61':
        model.postalCode = v;
        break;
      case '62': {
        const r = additionalData(n);
        if (!r.ok) return r;
        model.additionalData = r.value;
        break;
      }
      case '64': {
        const r = language(n);
        if (!r.ok) return r;
        model.language = r.value;
        break;
      }
    }
  return ok(null);
}

function additionalData(n: TlvNode): Result<AdditionalData> {
  const out: AdditionalData = { rfu: [], paymentSystemTemplates: [] };
  for (const c of n.children ?? []) {
    const id = Number(c.id);
    const name = additionalDataName(c.id);
    if (name) out[name] = c.value;
    else if (id >= 50) {
      const t = template(c, `62.${c.id}`);
      if (!t.ok) return t;
      out.paymentSystemTemplates.push(t.value);
    } else out.rfu.push(plain(c));
  }
  return ok(out);
}

function language(n: TlvNode): Result<Language> {
  const children = n.children ?? [];
  const pref = get(children, '00');
  const name = get(children, '01');
  if (!pref)
    return fail(
      'missing_tag',
      `language template 64 at offset ${n.offset} has no language preference 64.00`,
      where(n, '64.00'),
    );
  if (!name)
    return fail(
      'missing_tag',
      `language template 64 at offset ${n.offset} has no merchant name 64.01`,
      where(n, '64.01'),
    );
  if (!/^[A-Za-z]{2}$/.test(pref.value))
    return fail(
      'invalid_language',
      `language preference "${pref.value}" at offset ${pref.offset} is not two letters (ISO 639)`,
      where(pref, '64.00'),
    );
  const city = get(children, '02');
  return ok({
    preference: pref.value,
    name: name.value,
    ...(city ? { city: city.value } : {}),
    rfu: children.filter((c) => Number(c.id) >= 3).map(plain),
  });
}
