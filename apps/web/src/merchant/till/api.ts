import { client, type Money, unwrap } from '../../api.ts';

/** A payment taken at the till (`POST /v1/merchants/{merchantId}/pos/payments`). */
export type PosStatus = 'processing' | 'awaiting_customer' | 'completed' | 'declined' | 'expired';
export type PosPayment = {
  id: string;
  status: PosStatus;
  method: 'pay_code' | 'nfc';
  amount: Money;
  merchant: { id: string; name: string };
  reference: string;
  terminalId: string | null;
  createdAt: string;
  expiresAt: string | null;
};

/**
 * The till's calls. A sale carries the Idempotency-Key its attempt made: a retry after a network
 * error sends the same key and reference, so a customer is never charged twice for one sale.
 */
export const tillApi = {
  take: (
    merchantId: string,
    key: string,
    sale: { code: string; amount: string; reference: string },
  ): Promise<PosPayment> =>
    unwrap(
      client.POST('/v1/merchants/{merchantId}/pos/payments', {
        params: { path: { merchantId } },
        headers: { 'Idempotency-Key': key },
        body: {
          method: 'pay_code',
          code: sale.code,
          amount: { amount: sale.amount, currency: 'CNY' },
          reference: sale.reference,
          terminalId: 'web-till',
        },
      }),
    ) as Promise<PosPayment>,
  get: (merchantId: string, paymentId: string): Promise<PosPayment> =>
    unwrap(
      client.GET('/v1/merchants/{merchantId}/pos/payments/{paymentId}', {
        params: { path: { merchantId, paymentId } },
      }),
    ) as Promise<PosPayment>,
};
