import type { CardOperationError, TCardOperation, TCreateCardOperation } from '../modules/cards/index.ts';
import { err, type Result } from '../platform/errors.ts';
import {
  type CardOperationDeps,
  createCardOperations,
  operationIds,
  parseOperationAmount,
} from './card-operations.ts';

/**
 * A7 pull: money comes from the customer's card into the wallet. The credit is held as a pending
 * transfer from the card-network settlement account; the wallet's tier balance cap counts it at
 * once (the ledger checks pending credits), and it becomes spendable only when the network approves.
 */
export function createCardTopupFlow(deps: CardOperationDeps) {
  const ops = createCardOperations(deps);

  async function start(
    customerId: string,
    input: TCreateCardOperation,
    idempotencyKey?: string,
  ): Promise<Result<TCardOperation, CardOperationError>> {
    const amount = parseOperationAmount(input);
    if (!amount.ok) return amount;
    const wallet = await deps.wallets.walletOfCustomer(customerId);
    if (!wallet) return err('WALLET_NOT_FOUND');
    // A frozen wallet blocks outgoing money only; a closed one takes nothing (the ledger refuses too).
    if (wallet.status === 'closed') return err('WALLET_FROZEN');
    const card = await deps.cards.activeCard(customerId, input.cardId);
    if (!card) return err('CARD_NOT_FOUND');
    const walletAccountId = await deps.wallets.accountOf(wallet.id, 'CNY');
    if (!walletAccountId) return err('WALLET_NOT_FOUND');

    return ops.begin({
      kind: 'topup',
      ...operationIds('topup', customerId, idempotencyKey),
      customerId,
      walletId: wallet.id,
      walletAccountId,
      card,
      amount: amount.value,
      limits: [],
    });
  }

  return { start, get: (customerId: string, id: string) => ops.get(customerId, 'topup', id) };
}

export type CardTopupFlow = ReturnType<typeof createCardTopupFlow>;
