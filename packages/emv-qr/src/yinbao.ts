import { encode } from './encode.ts';
import type { MpmModel, Template } from './model.ts';
import { fail, type Result } from './result.ts';
import { currencyNumeric, isCurrencyNumeric } from './tables.ts';

/** Yinbao's globally unique identifier in merchant account information template 26. */
export const YINBAO_GUID = 'cn.yinbao';
export const YINBAO_TEMPLATE_ID = '26';

export type YinbaoQrInput = {
  /** Yinbao's merchant id, in 26.01. */
  merchantId: string;
  merchantName: string; // ≤ 25, printable ASCII (pinyin or English): 59
  merchantCity: string; // ≤ 15: 60
  mcc: string; // 52
  /** ISO 4217, numeric ("156") or alphabetic ("CNY"); default CNY. */
  currency?: string;
  countryCode?: string; // default CN
  postalCode?: string;
  /** A fixed amount ("12.50") makes the code dynamic. */
  amount?: string;
  /** The order reference (62.05) makes the code dynamic. */
  reference?: string;
  /** The merchant's Chinese name and city, in language template 64 ("ZH"). */
  nameZh?: string;
  cityZh?: string;
  /** Force a dynamic code (01 = "12") without amount or reference. */
  dynamic?: boolean;
};

/** The model of a Yinbao merchant-presented QR: static without amount and reference, else dynamic. */
export function yinbaoModel(input: YinbaoQrInput): Result<MpmModel> {
  const currency = input.currency ?? '156';
  const numeric = /^\d{3}$/.test(currency) ? currency : currencyNumeric(currency);
  if (!numeric || !isCurrencyNumeric(numeric))
    return fail('invalid_currency', `currency "${currency}" is not an ISO 4217 code`, { field: '53' });
  const account: Template = {
    id: YINBAO_TEMPLATE_ID,
    globallyUniqueId: YINBAO_GUID,
    fields: [{ id: '01', value: input.merchantId }],
  };
  const dynamic = Boolean(input.dynamic || input.amount !== undefined || input.reference !== undefined);
  return {
    ok: true,
    value: {
      payloadFormatIndicator: '01',
      pointOfInitiation: dynamic ? 'dynamic' : 'static',
      merchantAccounts: [account],
      mcc: input.mcc,
      currency: numeric,
      ...(input.amount !== undefined ? { amount: input.amount } : {}),
      countryCode: input.countryCode ?? 'CN',
      merchantName: input.merchantName,
      merchantCity: input.merchantCity,
      ...(input.postalCode !== undefined ? { postalCode: input.postalCode } : {}),
      ...(input.reference !== undefined
        ? { additionalData: { referenceLabel: input.reference, rfu: [], paymentSystemTemplates: [] } }
        : {}),
      ...(input.nameZh !== undefined
        ? {
            language: {
              preference: 'ZH',
              name: input.nameZh,
              ...(input.cityZh !== undefined ? { city: input.cityZh } : {}),
              rfu: [],
            },
          }
        : {}),
      rfu: [],
      unreserved: [],
    },
  };
}

/** Builds a Yinbao merchant-presented QR payload (the text to put in the QR symbol). */
export function yinbaoMerchantQr(input: YinbaoQrInput): Result<string> {
  const model = yinbaoModel(input);
  return model.ok ? encode(model.value) : model;
}

export type YinbaoQrInfo = {
  merchantId: string;
  dynamic: boolean;
  amount?: string;
  currency: string;
  reference?: string;
  merchantName: string;
  nameZh?: string;
};

/** Yinbao's part of a decoded payload, or null when the code has no Yinbao merchant account. */
export function readYinbaoQr(model: MpmModel): YinbaoQrInfo | null {
  const account = model.merchantAccounts.find(
    (a): a is Template => 'globallyUniqueId' in a && a.globallyUniqueId.toLowerCase() === YINBAO_GUID,
  );
  const merchantId = account?.fields.find((f) => f.id === '01')?.value;
  if (!merchantId) return null;
  const reference = model.additionalData?.referenceLabel;
  return {
    merchantId,
    dynamic: model.pointOfInitiation === 'dynamic',
    currency: model.currency,
    merchantName: model.merchantName,
    ...(model.amount !== undefined ? { amount: model.amount } : {}),
    ...(reference !== undefined ? { reference } : {}),
    ...(model.language && model.language.preference.toUpperCase() === 'ZH'
      ? { nameZh: model.language.name }
      : {}),
  };
}
