import { client, unwrap } from '../../api.ts';
import type { StepUpProof } from '../step-up/StepUp.tsx';

export type Money = { amount: string; currency: string };
/** What a merchant's QR code is (POST /v1/qr/resolve). */
export type ResolvedCode = {
  qrCodeId: string;
  merchant: {
    id: string;
    name: string;
    city: string;
    category: { code: string; name: string; nameZh: string };
  };
  fixedAmount: boolean;
  amount: Money | null;
  reference: string | null;
  expiresAt: string | null;
};
/** A completed QR payment (POST /v1/qr/pay). */
export type QrPayment = {
  id: string;
  status: string;
  amount: Money;
  merchant: { id: string; name: string };
  qrCodeId: string;
  reference: string | null;
  createdAt: string;
};

/**
 * Scan-and-pay calls. A payment carries the Idempotency-Key its screen made for it; the retry after a
 * confirmation sends the same key, so a code is never paid twice by one tap.
 */
export const scanApi = {
  resolve: (payload: string): Promise<ResolvedCode> =>
    unwrap(client.POST('/v1/qr/resolve', { body: { payload } })),
  pay: (key: string, body: { payload: string; amount?: Money; stepUp?: StepUpProof }): Promise<QrPayment> =>
    unwrap(client.POST('/v1/qr/pay', { body, headers: { 'Idempotency-Key': key } })),
};
