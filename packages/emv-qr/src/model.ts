import type { TlvNode } from './tlv.ts';

/** A data object kept as given: two-digit id and its value. */
export type DataObject = { id: string; value: string };

/** A template with a globally unique identifier (sub-id 00) and its other sub-objects, in order. */
export type Template = { id: string; globallyUniqueId: string; fields: DataObject[] };

/**
 * Merchant account information: ids 02–25 are values reserved for the card schemes (Visa 02–03,
 * Mastercard 04–05, …, UnionPay 15–16); ids 26–51 are templates of other payment networks.
 */
export type MerchantAccount = { id: string; value: string } | Template;

/** Additional data field template (62). Sub-ids 01–11 by name; 12–49 kept as given; 50–99 templates. */
export type AdditionalData = {
  billNumber?: string; // 01
  mobileNumber?: string; // 02
  storeLabel?: string; // 03
  loyaltyNumber?: string; // 04
  referenceLabel?: string; // 05
  customerLabel?: string; // 06
  terminalLabel?: string; // 07
  purposeOfTransaction?: string; // 08
  additionalConsumerDataRequest?: string; // 09
  merchantTaxId?: string; // 10
  merchantChannel?: string; // 11
  rfu: DataObject[]; // 12–49
  paymentSystemTemplates: Template[]; // 50–99
};

/** Merchant information — language template (64). */
export type Language = {
  preference: string; // 00, ISO 639 alpha-2 ("ZH")
  name: string; // 01, the merchant name in that language
  city?: string; // 02
  rfu: DataObject[]; // 03–99
};

/** Merchant-presented mode payload, every field named. Amounts stay the strings the payload holds. */
export type MpmModel = {
  payloadFormatIndicator: string; // 00
  pointOfInitiation?: 'static' | 'dynamic'; // 01: "11" / "12"
  merchantAccounts: MerchantAccount[]; // 02–51
  mcc: string; // 52
  currency: string; // 53, ISO 4217 numeric
  amount?: string; // 54
  tip?: 'prompt' | 'fixed' | 'percentage'; // 55: "01" / "02" / "03"
  convenienceFeeFixed?: string; // 56
  convenienceFeePercentage?: string; // 57
  countryCode: string; // 58
  merchantName: string; // 59
  merchantCity: string; // 60
  postalCode?: string; // 61
  additionalData?: AdditionalData; // 62
  language?: Language; // 64
  rfu: DataObject[]; // 65–79, reserved for future use: kept as given
  unreserved: Template[]; // 80–99
};

/** What `decode` gives: the named fields, the raw tree in payload order, and the CRC read. */
export type DecodedMpm = {
  model: MpmModel;
  tree: TlvNode[];
  crc: string;
  /** Lenient decoding only: the EMVCo-mandatory ids (52, 59, 60) the payload left out. */
  missing?: string[];
};

export const ADDITIONAL_DATA_NAMES = [
  'billNumber',
  'mobileNumber',
  'storeLabel',
  'loyaltyNumber',
  'referenceLabel',
  'customerLabel',
  'terminalLabel',
  'purposeOfTransaction',
  'additionalConsumerDataRequest',
  'merchantTaxId',
  'merchantChannel',
] as const satisfies readonly (keyof AdditionalData)[];

/** '01' → 'billNumber' … '11' → 'merchantChannel'. */
export const additionalDataName = (id: string) => ADDITIONAL_DATA_NAMES[Number(id) - 1];

export const TIP = { '01': 'prompt', '02': 'fixed', '03': 'percentage' } as const;
