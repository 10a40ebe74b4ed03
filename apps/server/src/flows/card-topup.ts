import type { CardOperationError, TCardOperation, TCreateCardOperation } from '../modules/cards/index.ts';
import type { Result } from '../platform/errors.ts';
import {
  type CardOperationDeps,
  createCardOperations,
  operationIds,
  resolveOperation,
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
    const resolved = await resolveOperation(deps, customerId, input, false);
    if (!resolved.ok) return resolved;
    const { amount, wallet, card, walletAccountId } = resolved.value;

    return ops.begin({
      kind: 'topup',
      ...operationIds('topup', customerId, idempotencyKey),
      customerId,
      walletId: wallet.id,
      walletAccountId,
      card,
      amount,
      limits: [],
    });
  }

  return { start, get: (customerId: string, id: string) => ops.get(customerId, 'topup', id) };
}

export type CardTopupFlow = ReturnType<typeof createCardTopupFlow>;
