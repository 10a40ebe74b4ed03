export { type NfcKeyError, type NfcTapError, nfcKeyErrors, nfcTapErrors } from './nfc.errors.ts';
export { nfcRoutes } from './nfc.routes.ts';
export { type TNfcTap, ZNfcTap } from './nfc.schema.ts';
export { createNfcService, NFC_TAP_MAX_SKEW_MS, type NfcService, type VerifiedTap } from './nfc.service.ts';
export { NFC_TAP_DOMAIN, type NfcTapFields, tapSigningBytes } from './nfc-tap.ts';
