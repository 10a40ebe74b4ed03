import { crcHex } from './crc.ts';
import { type DecodeOptions, decode } from './decode.ts';
import { ADDITIONAL_DATA_NAMES, type MpmModel, type Template } from './model.ts';
import { fail, ok, type Result } from './result.ts';
import { charLength, serializeTree, type TlvNode, tlv } from './tlv.ts';

type Entry = { id: string; value: string };
const byId = (a: Entry, b: Entry) => Number(a.id) - Number(b.id);
const num = (id: string) => (/^\d\d$/.test(id) ? Number(id) : Number.NaN);

function checkIds(objects: readonly { id: string }[], lo: number, hi: number, what: string): Result<null> {
  for (const o of objects) {
    const n = num(o.id);
    if (!(n >= lo && n <= hi))
      return fail('invalid_id', `${what} id "${o.id}" is outside ${String(lo).padStart(2, '0')}–${hi}`, {
        field: o.id,
      });
  }
  return ok(null);
}

function checkValue(field: string, value: string): Result<null> {
  const n = charLength(value);
  if (n === 0) return fail('invalid_length', `${field} is empty (01–99 characters)`, { field });
  if (n > 99)
    return fail('field_too_long', `${field} has ${n} characters (a data object holds at most 99)`, { field });
  return ok(null);
}

/** Serialises sub-objects in ascending id order, checking each value fits a data object. */
function objects(entries: Entry[], path: string): Result<string> {
  let out = '';
  for (const e of [...entries].sort(byId)) {
    const v = checkValue(path ? `${path}.${e.id}` : e.id, e.value);
    if (!v.ok) return v;
    out += tlv(e.id, e.value);
  }
  return ok(out);
}

function templateValue(t: Template, path: string): Result<string> {
  const ids = checkIds(t.fields, 1, 99, `template ${path} sub-object`);
  if (!ids.ok) return ids;
  return objects([{ id: '00', value: t.globallyUniqueId }, ...t.fields], path);
}

const optional = (id: string, value: string | undefined): Entry[] =>
  value === undefined ? [] : [{ id, value }];

/**
 * Writes the canonical payload of a model: 00 first, the other ids in ascending order (inside
 * templates too), 63 last with the CRC. The result is decoded again, so every rule `decode`
 * enforces holds for what `encode` returns; an invalid model is an error value, never a throw.
 */
export function encode(model: MpmModel): Result<string> {
  const accounts = model.merchantAccounts;
  for (const check of [
    checkIds(accounts, 2, 51, 'merchant account'),
    checkIds(model.rfu, 65, 79, 'reserved'),
    checkIds(model.unreserved, 80, 99, 'unreserved template'),
    checkIds(model.additionalData?.rfu ?? [], 12, 49, 'additional data'),
    checkIds(model.additionalData?.paymentSystemTemplates ?? [], 50, 99, 'additional data template'),
    checkIds(model.language?.rfu ?? [], 3, 99, 'language template'),
  ])
    if (!check.ok) return check;

  const top: Entry[] = [];
  for (const a of accounts) {
    const isTemplate = Number(a.id) >= 26;
    if (isTemplate !== 'globallyUniqueId' in a)
      return fail(
        'invalid_id',
        `merchant account ${a.id} must be ${isTemplate ? 'a template (26–51) with a globallyUniqueId' : 'a plain value (02–25)'}`,
        { field: a.id },
      );
    if ('globallyUniqueId' in a) {
      const v = templateValue(a, a.id);
      if (!v.ok) return v;
      top.push({ id: a.id, value: v.value });
    } else top.push({ id: a.id, value: a.value });
  }
  for (const t of model.unreserved) {
    const v = templateValue(t, t.id);
    if (!v.ok) return v;
    top.push({ id: t.id, value: v.value });
  }
  top.push(
    ...optional('01', model.pointOfInitiation && (model.pointOfInitiation === 'static' ? '11' : '12')),
    { id: '52', value: model.mcc },
    { id: '53', value: model.currency },
    ...optional('54', model.amount),
    ...optional('55', model.tip && { prompt: '01', fixed: '02', percentage: '03' }[model.tip]),
    ...optional('56', model.convenienceFeeFixed),
    ...optional('57', model.convenienceFeePercentage),
    { id: '58', value: model.countryCode },
    { id: '59', value: model.merchantName },
    { id: '60', value: model.merchantCity },
    ...optional('61', model.postalCode),
    ...model.rfu,
  );
  const ad = model.additionalData;
  if (ad) {
    const subs: Entry[] = [...ad.rfu];
    for (const [i, name] of ADDITIONAL_DATA_NAMES.entries())
      subs.push(...optional(String(i + 1).padStart(2, '0'), ad[name]));
    for (const t of ad.paymentSystemTemplates) {
      const v = templateValue(t, `62.${t.id}`);
      if (!v.ok) return v;
      subs.push({ id: t.id, value: v.value });
    }
    const v = objects(subs, '62');
    if (!v.ok) return v;
    top.push({ id: '62', value: v.value });
  }
  const lang = model.language;
  if (lang) {
    const v = objects(
      [
        { id: '00', value: lang.preference },
        { id: '01', value: lang.name },
        ...optional('02', lang.city),
        ...lang.rfu,
      ],
      '64',
    );
    if (!v.ok) return v;
    top.push({ id: '64', value: v.value });
  }
  const body = objects(top, '');
  if (!body.ok) return body;
  const payload = withCrc(tlv('00', model.payloadFormatIndicator) + body.value);
  const check = decode(payload);
  return check.ok ? ok(payload) : check;
}

/** Appends "6304" and the CRC computed over everything before it (including "6304"). */
export function withCrc(bodyWithoutCrc: string): string {
  const text = `${bodyWithoutCrc}6304`;
  return text + crcHex(text);
}

/**
 * Writes a raw tree back in its own order (an edited tree included), with a fresh CRC: decoding a
 * payload and re-encoding its tree gives the payload back character for character.
 */
export function encodeTree(tree: readonly TlvNode[], options: DecodeOptions = {}): Result<string> {
  const payload = withCrc(serializeTree(tree.filter((n) => n.id !== '63')));
  const check = decode(payload, options);
  return check.ok ? ok(payload) : check;
}
