import { decode, encode, readYinbaoQr, type Template, YINBAO_GUID, yinbaoModel } from '@yinbao/emv-qr';

/**
 * Yinbao's merchant QR as the codec builds it (packages/emv-qr: template 26, GUID `cn.yinbao`, the
 * merchant id in 26.01), plus the code's own id in 26.02 so a scan finds the stored code — its
 * status, expiry and amount are the database's, not the payload's.
 */
export const QR_CODE_ID_FIELD = '02';

/** Merchants have no address yet: every code carries this city (EMVCo 60 is mandatory). */
export const QR_MERCHANT_CITY = { ascii: 'BEIJING', zh: '北京' };

const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

/**
 * EMVCo 59 is printable ASCII of at most 25 characters; a Chinese name goes, whole, in template 64
 * (ZH) and 59 keeps what ASCII the name has (e.g. "Lao Wang 面馆" → "Lao Wang"), else a generic label.
 */
export function qrNames(businessName: string): { ascii: string; zh?: string } {
  const chars = [...businessName.trim()];
  if (PRINTABLE_ASCII.test(businessName)) return { ascii: chars.slice(0, 25).join('').trim() };
  const ascii = businessName
    .replace(/[^\x20-\x7E]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 25)
    .trim();
  return { ascii: /[A-Za-z0-9]/.test(ascii) ? ascii : 'YINBAO MERCHANT', zh: chars.slice(0, 25).join('') };
}

export type QrPayloadInput = {
  codeId: string;
  merchantId: string;
  businessName: string;
  mcc: string;
  /** Dynamic codes: the fixed amount as a decimal string ("36.50"). */
  amount?: string;
  reference?: string;
  dynamic: boolean;
};

export function buildQrPayload(input: QrPayloadInput): string {
  const names = qrNames(input.businessName);
  const model = yinbaoModel({
    merchantId: input.merchantId,
    merchantName: names.ascii,
    merchantCity: QR_MERCHANT_CITY.ascii,
    mcc: input.mcc,
    dynamic: input.dynamic,
    ...(input.amount !== undefined ? { amount: input.amount } : {}),
    ...(input.reference !== undefined ? { reference: input.reference } : {}),
    ...(names.zh !== undefined ? { nameZh: names.zh, cityZh: QR_MERCHANT_CITY.zh } : {}),
  });
  if (!model.ok) throw new Error(`QR model refused: ${model.error.code} ${model.error.message}`);
  const account = model.value.merchantAccounts[0] as Template;
  account.fields.push({ id: QR_CODE_ID_FIELD, value: input.codeId });
  const payload = encode(model.value);
  // Everything above is checked before (names, MCC, amount, reference): a refusal here is a bug.
  if (!payload.ok) throw new Error(`QR payload refused: ${payload.error.code} ${payload.error.message}`);
  return payload.value;
}

export type ScannedQr =
  | { ok: true; codeId: string; merchantId: string; dynamic: boolean; amount?: string; currency: string }
  | { ok: false; code: 'QR_INVALID' | 'QR_NOT_SUPPORTED'; reason: string };

/** What a scanned payload says: refused when unreadable (QR_INVALID) or another scheme's (QR_NOT_SUPPORTED). */
export function readQrPayload(payload: string): ScannedQr {
  const decoded = decode(payload.trim());
  if (!decoded.ok) return { ok: false, code: 'QR_INVALID', reason: decoded.error.code };
  const info = readYinbaoQr(decoded.value.model);
  if (!info) return { ok: false, code: 'QR_NOT_SUPPORTED', reason: 'not_yinbao' };
  const account = decoded.value.model.merchantAccounts.find(
    (a): a is Template => 'globallyUniqueId' in a && a.globallyUniqueId.toLowerCase() === YINBAO_GUID,
  );
  const codeId = account?.fields.find((f) => f.id === QR_CODE_ID_FIELD)?.value;
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  if (!codeId || !uuid.test(codeId) || !uuid.test(info.merchantId))
    return { ok: false, code: 'QR_INVALID', reason: 'unknown_code' };
  return {
    ok: true,
    codeId,
    merchantId: info.merchantId,
    dynamic: info.dynamic,
    currency: info.currency,
    ...(info.amount !== undefined ? { amount: info.amount } : {}),
  };
}
