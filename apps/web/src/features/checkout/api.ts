import { client, unwrap } from '../../api.ts';
import type { StepUpProof } from '../step-up/StepUp.tsx';

export type Money = { amount: string; currency: string };
export type OrderStatus = 'open' | 'paid' | 'expired' | 'cancelled';
/** What the hosted pay page shows (GET /v1/checkout/{orderId}). */
export type CheckoutOrder = {
  orderId: string;
  merchant: { id: string; name: string; category: { code: string; name: string; nameZh: string } };
  amount: Money;
  description: string | null;
  status: OrderStatus;
  expiresAt: string;
  returnUrl: string | null;
};
/** A completed order payment (POST /v1/checkout/{orderId}/pay). */
export type OrderPayment = {
  id: string;
  status: string;
  orderId: string;
  amount: Money;
  merchant: { id: string; name: string };
  reference: string;
  returnUrl: string | null;
  createdAt: string;
};

/**
 * The hosted checkout's calls. A payment carries the Idempotency-Key its screen made for the attempt;
 * the re-send with a confirmation uses the same key.
 */
export const checkoutApi = {
  order: (orderId: string): Promise<CheckoutOrder> =>
    unwrap(client.GET('/v1/checkout/{orderId}', { params: { path: { orderId } } })) as Promise<CheckoutOrder>,
  pay: (key: string, orderId: string, stepUp?: StepUpProof): Promise<OrderPayment> =>
    unwrap(
      client.POST('/v1/checkout/{orderId}/pay', {
        params: { path: { orderId } },
        body: stepUp ? { stepUp } : {},
        headers: { 'Idempotency-Key': key },
      }),
    ) as Promise<OrderPayment>,
};
