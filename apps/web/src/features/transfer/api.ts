import { client, unwrap } from '../../api.ts';
import type { StepUpProof } from '../step-up/StepUp.tsx';

export type Payee = { phone: string } | { walletId: string };
export type TransferResult = {
  id: string;
  status: 'completed' | 'held';
  amount: { amount: string; currency: string };
  from: { walletId: string; name: string };
  to: { walletId: string; name: string };
  note: string | null;
  createdAt: string;
};

import type { BoundCard as BankCard, CardOperation } from '../cards/api.ts';

export type { BankCard, CardOperation };

/**
 * The money calls. Each payment carries the Idempotency-Key its screen made for it: the retry after a
 * confirmation (step-up) sends the same key, so the bank never pays twice.
 */
export const transferApi = {
  send: (
    key: string,
    body: { to: Payee; amount: { amount: string; currency: string }; note?: string; stepUp?: StepUpProof },
  ): Promise<TransferResult> =>
    unwrap(client.POST('/v1/transfers', { body, headers: { 'Idempotency-Key': key } })),
  cards: async (): Promise<BankCard[]> => (await unwrap(client.GET('/v1/cards'))).items,
  withdraw: (
    key: string,
    body: { cardId: string; amount: { amount: string; currency: string }; stepUp?: StepUpProof },
  ): Promise<CardOperation> =>
    unwrap(client.POST('/v1/withdrawals', { body, headers: { 'Idempotency-Key': key } })),
  withdrawal: (id: string): Promise<CardOperation> =>
    unwrap(client.GET('/v1/withdrawals/{id}', { params: { path: { id } } })),
};
