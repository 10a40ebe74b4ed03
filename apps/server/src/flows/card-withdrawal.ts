import {
  type CardOperationError,
  cardLabel,
  type TCardOperation,
  type TCreateCardOperation,
} from '../modules/cards/index.ts';
import type { IdentityService } from '../modules/identity/index.ts';
import type { RiskService } from '../modules/risk/index.ts';
import type { SecurityService } from '../modules/security/index.ts';
import { err, type Result } from '../platform/errors.ts';
import {
  type CardOperationDeps,
  createCardOperations,
  operationIds,
  resolveOperation,
  withHold,
} from './card-operations.ts';
import { checkOutgoing, type PaymentSession } from './outgoing-checks.ts';

export type CardWithdrawalDeps = CardOperationDeps & {
  identity: IdentityService;
  risk: RiskService;
  security: SecurityService;
};

/**
 * A7 push: money leaves the wallet for the customer's card. The pending debit holds it (the
 * available balance drops at once) and counts against the tier's daily/annual limits in the same
 * transaction, like a P2P payment; a decline or timeout gives both back.
 */
export function createCardWithdrawalFlow(deps: CardWithdrawalDeps) {
  const ops = createCardOperations(deps);

  async function start(
    customerId: string,
    input: TCreateCardOperation,
    idempotencyKey: string | undefined,
    session: PaymentSession,
  ): Promise<Result<TCardOperation, CardOperationError>> {
    const resolved = await resolveOperation(deps, customerId, input, true);
    if (!resolved.ok) return resolved;
    const { amount, wallet, card, walletAccountId } = resolved.value;

    const checked = await checkOutgoing(deps, {
      customerId,
      kind: 'withdrawal',
      walletId: wallet.id,
      walletTier: wallet.tier,
      sourceAccountId: walletAccountId,
      amount,
      payee: card.id,
      payeeLabel: cardLabel(card.bankName, card.last4),
      operationId: operationIds('withdrawal', customerId, idempotencyKey).operationId,
      stepUp: input.stepUp,
      newDevice: session.newDevice,
      smsSignIn: session.smsSignIn,
    });
    if (!checked.ok) return checked;
    // Review of held withdrawals (K2) does not exist yet: refuse rather than hold without a reviewer.
    if (checked.value.hold) {
      return err('PAYMENT_HELD_FOR_REVIEW', undefined, { reasons: checked.value.riskReasons });
    }
    const { limits } = checked.value;
    return ops.begin({
      kind: 'withdrawal',
      ...withHold(checked.value.operationId),
      customerId,
      walletId: wallet.id,
      walletAccountId,
      card,
      amount,
      limits,
    });
  }

  return { start, get: (customerId: string, id: string) => ops.get(customerId, 'withdrawal', id) };
}

export type CardWithdrawalFlow = ReturnType<typeof createCardWithdrawalFlow>;
