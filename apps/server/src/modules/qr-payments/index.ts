export { type QrCodeError, type QrPaymentError, qrCodeErrors, qrPaymentErrors } from './qr.errors.ts';
export {
  codesByIds as qrCodesByIds,
  type PayeeMerchant,
  payeeMerchant,
  payeeMerchants,
  type QrCodeRow,
} from './qr.repository.ts';
export { qrRoutes } from './qr.routes.ts';
export type { TQrPay, TQrPayment, TQrResolved } from './qr.schema.ts';
export { createQrCodesService, effectiveStatus, type QrCodesService } from './qr-codes.service.ts';
export { QR_PAYMENT_TOPICS, qrEffectHandlers, qrPaidEffect } from './qr-effects.ts';
export { buildQrPayload, QR_MERCHANT_CITY, qrNames, readQrPayload } from './qr-payload.ts';
