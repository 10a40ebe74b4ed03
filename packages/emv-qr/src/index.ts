export { type BerNode, decodeBer, encodeBer } from './ber.ts';
export { type CpmApplication, type CpmModel, decodeCpm, encodeCpm } from './cpm.ts';
export { crc16, crcHex } from './crc.ts';
export { amountError, type DecodeOptions, decode } from './decode.ts';
export { encode, encodeTree, withCrc } from './encode.ts';
export type {
  AdditionalData,
  DataObject,
  DecodedMpm,
  Language,
  MerchantAccount,
  MpmModel,
  Template,
} from './model.ts';
export { fail, ok, QR_ERROR_CODES, type QrError, type QrErrorCode, type Result } from './result.ts';
export { currencyAlpha, currencyNumeric, isCountryCode, isCurrencyNumeric } from './tables.ts';
export { charLength, type TlvNode } from './tlv.ts';
export {
  readYinbaoQr,
  YINBAO_GUID,
  type YinbaoQrInfo,
  type YinbaoQrInput,
  yinbaoMerchantQr,
  yinbaoModel,
} from './yinbao.ts';
