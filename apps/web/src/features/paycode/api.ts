import { useQuery } from '@tanstack/react-query';
import { client, unwrap } from '../../api.ts';
import { currentSession } from '../../session.ts';
import type { StepUpProof } from '../step-up/StepUp.tsx';

export type Money = { amount: string; currency: string };
/** A one-time payment code (POST /v1/pay-codes): 18 digits, valid 60 seconds. */
export type PayCode = { code: string; expiresAt: string; perCodeLimit: Money; barcodeText: string };
/** A payment taken at a merchant's till (a shown code or a tap). */
export type PosPayment = {
  id: string;
  status: 'processing' | 'awaiting_customer' | 'completed' | 'declined' | 'expired';
  method: 'pay_code' | 'nfc';
  amount: Money;
  merchant: { id: string; name: string };
  reference: string;
  terminalId: string | null;
  createdAt: string;
  expiresAt: string | null;
};
/** The newest line of the wallet's history (enough to see that a shown code was just used). */
export type LatestLine = {
  id: string;
  kind: string;
  direction: 'in' | 'out';
  amount: Money;
  status: string;
  counterparty: { name: string | null; walletId: string | null };
  createdAt: string;
};

export const PENDING_KEY = ['pos-payments', 'pending'] as const;

/**
 * The payment code's calls. Confirming carries the Idempotency-Key its sheet made for that payment; the
 * retry after the step-up sends the same key.
 */
export const payCodeApi = {
  issue: (): Promise<PayCode> => unwrap(client.POST('/v1/pay-codes', {})),
  pending: (): Promise<{ items: PosPayment[] }> =>
    unwrap(client.GET('/v1/pos-payments/pending', {})) as Promise<{ items: PosPayment[] }>,
  confirm: (paymentId: string, key: string, stepUp?: StepUpProof): Promise<PosPayment> =>
    unwrap(
      client.POST('/v1/pos-payments/{paymentId}/confirm', {
        params: { path: { paymentId } },
        body: stepUp ? { stepUp } : {},
        headers: { 'Idempotency-Key': key },
      }),
    ) as Promise<PosPayment>,
  decline: (paymentId: string): Promise<PosPayment> =>
    unwrap(
      client.POST('/v1/pos-payments/{paymentId}/decline', { params: { path: { paymentId } } }),
    ) as Promise<PosPayment>,
  latest: (walletId: string): Promise<LatestLine[]> =>
    unwrap(
      client.GET('/v1/wallets/{walletId}/transactions', {
        params: { path: { walletId }, query: { limit: 5, direction: 'out' } },
      }),
    ).then((p) => (p as { items: LatestLine[] }).items),
};

/**
 * Payments waiting at a till for this customer, polled every `every` ms while the page is visible
 * (TanStack Query stops interval polling in a background tab).
 */
export function usePendingPayments(every: number) {
  const signedIn = !!currentSession();
  return useQuery({
    queryKey: PENDING_KEY,
    queryFn: payCodeApi.pending,
    enabled: signedIn,
    refetchInterval: every,
    retry: false,
  });
}

/** A registered tap-to-pay key (GET /v1/nfc/keys: the customer's active keys, one per device at most). */
export type NfcKey = {
  id: string;
  algorithm: 'Ed25519' | 'P-256';
  deviceId: string;
  lastCounter: number;
  createdAt: string;
  lastUsedAt: string | null;
};

export const nfcApi = {
  list: (): Promise<NfcKey[]> =>
    unwrap(client.GET('/v1/nfc/keys', {})).then((r) => (r as { items: NfcKey[] }).items),
  register: (publicKey: string): Promise<NfcKey> =>
    unwrap(client.POST('/v1/nfc/keys', { body: { algorithm: 'P-256', publicKey } })) as Promise<NfcKey>,
  remove: (keyId: string) => unwrap(client.DELETE('/v1/nfc/keys/{keyId}', { params: { path: { keyId } } })),
};
