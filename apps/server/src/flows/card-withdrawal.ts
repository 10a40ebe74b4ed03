import { verify } from '@node-rs/argon2';
import { type LimitCheck, uuidFromName, uuidv7 } from '@yinbao/ledger';
import {
  type CardOperationError,
  cardOperationErrors,
  type TCardOperation,
  type TCreateCardOperation,
} from '../modules/cards/index.ts';
import type { IdentityService } from '../modules/identity/index.ts';
import type { RiskService } from '../modules/risk/index.ts';
import { limitKeys } from '../modules/wallets/index.ts';
import { err, type Result } from '../platform/errors.ts';
import { type CardOperationDeps, createCardOperations, parseOperationAmount } from './card-operations.ts';

export type CardWithdrawalDeps = CardOperationDeps & { identity: IdentityService; risk: RiskService };

/**
 * A7 push: money leaves the wallet for the customer's card. The pending debit holds it (the
 * available balance drops at once) and counts against the tier's daily/annual limits in the same
 * transaction, like a P2P payment; a decline or timeout gives both back.
 */
export function createCardWithdrawalFlow(deps: CardWithdrawalDeps) {
  const ops = createCardOperations(deps);
  const clock = deps.clock ?? (() => new Date());

  async function start(
    customerId: string,
    input: TCreateCardOperation,
    idempotencyKey?: string,
  ): Promise<Result<TCardOperation, CardOperationError>> {
    const amount = parseOperationAmount(input);
    if (!amount.ok) return amount;
    const wallet = await deps.wallets.walletOfCustomer(customerId);
    if (!wallet) return err('WALLET_NOT_FOUND');
    if (wallet.status !== 'active') return err('WALLET_FROZEN');
    const card = await deps.cards.activeCard(customerId, input.cardId);
    if (!card) return err('CARD_NOT_FOUND');
    const walletAccountId = await deps.wallets.accountOf(wallet.id, 'CNY');
    if (!walletAccountId) return err('WALLET_NOT_FOUND');

    const tier = deps.wallets.tierOf(wallet.tier);
    if (tier.singleLimit !== null && amount.value > tier.singleLimit) return err('SINGLE_LIMIT_EXCEEDED');

    let stepUpVerified = false;
    if (input.stepUp) {
      const me = await deps.identity.profileWithHash(customerId);
      stepUpVerified = !!me && (await verify(me.passwordHash, input.stepUp.password).catch(() => false));
      if (!stepUpVerified) return err('STEP_UP_FAILED');
    }
    const risk = await deps.risk.decide({
      customerId,
      kind: 'withdrawal',
      amount: amount.value,
      currency: 'CNY',
      sourceAccountId: walletAccountId,
      payee: card.id,
      stepUpVerified,
    });
    // (err() keeps details only with a message, hence the table's message here)
    const refuse = (
      code: 'PAYMENT_DENIED' | 'STEP_UP_REQUIRED' | 'PAYMENT_HELD_FOR_REVIEW',
      details: object,
    ) => err(code, cardOperationErrors[code].message, details);
    if (risk.decision === 'deny') return refuse('PAYMENT_DENIED', { reasons: risk.reasons });
    if (risk.decision === 'step_up')
      return refuse('STEP_UP_REQUIRED', { methods: ['password'], reasons: risk.reasons });
    // Review of held withdrawals (K2) does not exist yet: refuse rather than hold without a reviewer.
    if (risk.decision === 'hold') return refuse('PAYMENT_HELD_FOR_REVIEW', { reasons: risk.reasons });

    const keys = limitKeys(wallet.id, clock());
    const limits: LimitCheck[] = [
      ...(tier.dailyLimit !== null ? [{ key: keys.day, amount: amount.value, max: tier.dailyLimit }] : []),
      ...(tier.annualLimit !== null ? [{ key: keys.year, amount: amount.value, max: tier.annualLimit }] : []),
    ];
    const operationId = idempotencyKey
      ? uuidFromName(`card-withdrawal:${customerId}:${idempotencyKey}`)
      : uuidv7();
    return ops.begin({
      kind: 'withdrawal',
      operationId,
      holdId: uuidFromName(`card-hold:${operationId}`),
      customerId,
      walletId: wallet.id,
      walletAccountId,
      card,
      amount: amount.value,
      limits,
    });
  }

  return { start, get: (customerId: string, id: string) => ops.get(customerId, 'withdrawal', id) };
}

export type CardWithdrawalFlow = ReturnType<typeof createCardWithdrawalFlow>;
