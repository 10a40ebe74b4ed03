import { uuidFromName } from '@yinbao/ledger';
import { formatMoney, toDecimalString } from '@yinbao/money';
import type { OutboxEvent } from '../../platform/outbox.ts';
import type { OperationKind } from './cards.repository.ts';
import { cardLabel } from './pan.ts';

export type OperationOutcome = 'succeeded' | 'declined' | 'timed_out';

/** Outbox topics of card operations (each carries a `notification` for the customer's inbox). */
export const CARD_OPERATION_TOPICS = [
  'topup.succeeded',
  'topup.declined',
  'topup.timed_out',
  'withdrawal.succeeded',
  'withdrawal.declined',
  'withdrawal.timed_out',
] as const;

const TITLES: Record<`${OperationKind}.${OperationOutcome}`, string> = {
  'topup.succeeded': '充值成功 Top-up successful',
  'topup.declined': '充值失败 Top-up declined',
  'topup.timed_out': '充值未完成 Top-up not completed',
  'withdrawal.succeeded': '提现成功 Withdrawal sent',
  'withdrawal.declined': '提现失败，已退回钱包 Withdrawal declined, money returned',
  'withdrawal.timed_out': '提现未完成，已退回钱包 Withdrawal not completed, money returned',
};

const REASONS: Record<string, string> = {
  insufficient_funds: '卡内余额不足 Not enough money on the card',
  expired_card: '银行卡已过期 The card has expired',
  do_not_honour: '发卡行拒绝 Refused by the card issuer',
  network_rejected: '银行卡网络拒绝 Refused by the card network',
};

export const reasonText = (reason: string | null) =>
  reason ? (REASONS[reason] ?? `交易被拒绝 Declined (${reason})`) : '';

export type OperationFacts = {
  id: string;
  customerId: string;
  kind: OperationKind;
  amount: bigint;
  currency: string;
  cardId: string;
  last4: string;
  bankName: string;
};

/** The event written with the money movement that decides an operation (stable id: deduplicated). */
export function operationEvent(
  op: OperationFacts,
  outcome: OperationOutcome,
  declineReason: string | null = null,
): OutboxEvent {
  const topic = `${op.kind}.${outcome}` as const;
  const shown = formatMoney(op.amount, 'CNY', 'zh-CN');
  const label = cardLabel(op.bankName, op.last4);
  const arrow = op.kind === 'topup' ? `${shown} ← ${label}` : `${shown} → ${label}`;
  return {
    id: uuidFromName(`evt:${topic}:${op.id}`),
    topic,
    customerId: op.customerId,
    payload: {
      operationId: op.id,
      kind: op.kind,
      status: outcome,
      amount: toDecimalString(op.amount, 'CNY'),
      currency: op.currency,
      cardId: op.cardId,
      last4: op.last4,
      ...(declineReason ? { declineReason } : {}),
      notification: {
        customerId: op.customerId,
        kind: `${op.kind}_${outcome}`,
        title: TITLES[topic],
        body: declineReason ? `${arrow}: ${reasonText(declineReason)}` : arrow,
        data: { operationId: op.id, kind: op.kind },
      },
    },
  };
}
