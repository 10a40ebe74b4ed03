import { client, unwrap } from '../../api.ts';
import type { StepUpProof } from '../step-up/StepUp.tsx';

/** The card feature's calls: bound cards, binding and removing one, top-ups from a card. */
export type BoundCard = {
  id: string;
  last4: string;
  brand: string;
  bankName: string;
  expiry: string;
  holderName: string;
  status: 'active' | 'removed';
  createdAt: string;
};
export type CardOperation = {
  id: string;
  kind: 'topup' | 'withdrawal';
  status: 'pending' | 'succeeded' | 'declined' | 'timed_out';
  amount: { amount: string; currency: string };
  card: { id: string; last4: string };
  declineReason?: string;
  createdAt: string;
  updatedAt: string;
};

export const cardsApi = {
  list: async (): Promise<BoundCard[]> => (await unwrap(client.GET('/v1/cards'))).items as BoundCard[],
  bind: (body: { pan: string; expiry: string; holderName: string }): Promise<BoundCard> =>
    unwrap(client.POST('/v1/cards', { body })) as Promise<BoundCard>,
  remove: (cardId: string) => unwrap(client.DELETE('/v1/cards/{cardId}', { params: { path: { cardId } } })),
  topUp: (
    input: { cardId: string; amount: string; stepUp?: StepUpProof },
    idempotencyKey: string,
  ): Promise<CardOperation> =>
    unwrap(
      client.POST('/v1/topups', {
        body: {
          cardId: input.cardId,
          amount: { amount: input.amount, currency: 'CNY' },
          ...(input.stepUp ? { stepUp: input.stepUp as never } : {}),
        },
        headers: { 'Idempotency-Key': idempotencyKey },
      }),
    ) as Promise<CardOperation>,
  topUpStatus: (id: string): Promise<CardOperation> =>
    unwrap(client.GET('/v1/topups/{id}', { params: { path: { id } } })) as Promise<CardOperation>,
};

/** Luhn check of a card number's digits. */
export function luhnOk(digits: string): boolean {
  if (!/^\d{13,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** "6222021000040001" → "6222 0210 0004 0001". */
export const groupDigits = (digits: string) => digits.replace(/(\d{4})(?=\d)/g, '$1 ');

/** True when MM/YY is a real month that has not ended (a card is valid to the end of its month). */
export function expiryOk(v: string, now = new Date()): 'ok' | 'format' | 'past' {
  const m = /^(0[1-9]|1[0-2])\/(\d{2})$/.exec(v);
  if (!m) return 'format';
  const year = 2000 + Number(m[2]);
  const month = Number(m[1]);
  const y = now.getFullYear();
  const mo = now.getMonth() + 1;
  return year < y || (year === y && month < mo) ? 'past' : 'ok';
}

/** A decimal yuan amount the API accepts: more than zero, at most two decimals. */
export const AMOUNT = /^(?:0|[1-9]\d{0,11})(?:\.\d{1,2})?$/;
export const amountOk = (v: string) => AMOUNT.test(v) && !/^0(?:\.0{0,2})?$/.test(v);
