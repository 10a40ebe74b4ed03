import { type LedgerEngine, type LimitCheck, TransferFlags, uuidFromName, uuidv7 } from '@yinbao/ledger';
import { parseAmount, toDecimalString } from '@yinbao/money';
import type {
  CardNetworkClient,
  CardOperationError,
  CardRow,
  CardsService,
  OperationKind,
  OperationRow,
  TCardOperation,
  TCreateCardOperation,
} from '../modules/cards/index.ts';
import { cardLabel, insertOperationEffect } from '../modules/cards/index.ts';
import type { WalletsService } from '../modules/wallets/index.ts';
import { err, ok, type Result } from '../platform/errors.ts';
import type { Logger } from '../platform/logger.ts';
import { AccountCode, systemAccountId, TransferCode } from '../platform/system-accounts.ts';
import type { CardCallbackFlow } from './card-callbacks.ts';

export type CardOperationDeps = {
  engine: LedgerEngine;
  wallets: WalletsService;
  cards: CardsService;
  network: CardNetworkClient;
  settle: CardCallbackFlow;
  logger: Logger;
  /** Where the network calls back; read per request (the public URL may be known only after listen). */
  callbackUrl: () => string;
  /** How long a hold waits for the network before the sweeper releases it. */
  authTimeoutSeconds: number;
  clock?: () => Date;
};

export const SETTLEMENT = systemAccountId(156, AccountCode.cardNetworkSettlement);

const ENGINE_TO_API: Record<string, CardOperationError> = {
  EXCEEDS_CREDITS: 'INSUFFICIENT_FUNDS',
  EXCEEDS_MAX_CREDIT_BALANCE: 'BALANCE_CAP_EXCEEDED',
  CREDIT_ACCOUNT_CLOSED: 'WALLET_FROZEN',
  DEBIT_ACCOUNT_CLOSED: 'WALLET_FROZEN',
  ID_ALREADY_USED_WITH_DIFFERENT_FIELDS: 'IDEMPOTENCY_CONFLICT',
};

/** Amount checks shared by top-up and withdrawal: CNY, a strict decimal string, positive. */
export function parseOperationAmount(input: TCreateCardOperation): Result<bigint, CardOperationError> {
  if (input.amount.currency !== 'CNY') return err('UNSUPPORTED_CURRENCY');
  const parsed = parseAmount(input.amount.amount, 'CNY');
  return parsed.ok ? ok(parsed.value) : err('INVALID_AMOUNT', parsed.message);
}

/** Ids of an operation and its hold: derived from the Idempotency-Key, so a retry cannot hold twice. */
export function operationIds(kind: OperationKind, customerId: string, idempotencyKey?: string) {
  return withHold(idempotencyKey ? uuidFromName(`card-${kind}:${customerId}:${idempotencyKey}`) : uuidv7());
}

/** The hold's ledger id follows from the operation id. */
export function withHold(operationId: string) {
  return { operationId, holdId: uuidFromName(`card-hold:${operationId}`) };
}

/**
 * What top-up and withdrawal both look up first: the caller's wallet (withdrawals need it active;
 * top-ups only refuse a closed one), their own active card and the wallet's CNY account.
 */
export async function resolveOperation(
  deps: CardOperationDeps,
  customerId: string,
  input: TCreateCardOperation,
  outgoing: boolean,
): Promise<
  Result<
    { amount: bigint; wallet: { id: string; tier: number }; card: CardRow; walletAccountId: string },
    CardOperationError
  >
> {
  const amount = parseOperationAmount(input);
  if (!amount.ok) return amount;
  const wallet = await deps.wallets.walletOfCustomer(customerId);
  if (!wallet) return err('WALLET_NOT_FOUND');
  // A frozen wallet blocks outgoing money only; a closed one takes nothing (the ledger refuses too).
  if (outgoing ? wallet.status !== 'active' : wallet.status === 'closed') return err('WALLET_FROZEN');
  const card = await deps.cards.activeCard(customerId, input.cardId);
  if (!card) return err('CARD_NOT_FOUND');
  const walletAccountId = await deps.wallets.accountOf(wallet.id, 'CNY');
  if (!walletAccountId) return err('WALLET_NOT_FOUND');
  return ok({ amount: amount.value, wallet, card, walletAccountId });
}

export type BeginParams = {
  kind: OperationKind;
  operationId: string;
  holdId: string;
  customerId: string;
  walletId: string;
  walletAccountId: string;
  card: CardRow;
  amount: bigint;
  limits: LimitCheck[];
};

/**
 * The part of A7 that top-up and withdrawal share: one pending ledger transfer (the hold) created
 * together with its card_operations row, then the authorization request to the network. The
 * outcome arrives later by callback (card-callbacks.ts) or the hold expires (the sweeper).
 */
export function createCardOperations(deps: CardOperationDeps) {
  async function begin(p: BeginParams): Promise<Result<TCardOperation, CardOperationError>> {
    const label = cardLabel(p.card.bankName, p.card.last4);
    const card = { id: p.card.id, last4: p.card.last4, brand: p.card.brand, bankName: p.card.bankName };
    const topup = p.kind === 'topup';
    const [result] = await deps.engine.submit([
      {
        id: p.holdId,
        debitAccountId: topup ? SETTLEMENT : p.walletAccountId,
        creditAccountId: topup ? p.walletAccountId : SETTLEMENT,
        amount: p.amount,
        ledger: 156,
        code: topup ? TransferCode.topup : TransferCode.withdrawal,
        flags: TransferFlags.pending,
        timeoutSeconds: deps.authTimeoutSeconds,
        // from/to and counterpartyName make the card show as the counterparty in wallet history.
        userData: {
          kind: p.kind,
          operationId: p.operationId,
          card,
          counterpartyName: label,
          ...(topup
            ? { from: { name: label }, to: { walletId: p.walletId } }
            : { from: { walletId: p.walletId }, to: { name: label } }),
        },
        limits: p.limits,
        effects: [
          insertOperationEffect({
            id: p.operationId,
            customerId: p.customerId,
            walletId: p.walletId,
            cardId: p.card.id,
            kind: p.kind,
            amount: p.amount,
            currency: 'CNY',
            pendingTransferId: p.holdId,
          }),
        ],
      },
    ]);
    if (!result!.ok) {
      if (result!.code === 'LIMIT_EXCEEDED')
        return err(result!.detail?.includes(':day:') ? 'DAILY_LIMIT_EXCEEDED' : 'ANNUAL_LIMIT_EXCEEDED');
      const mapped = ENGINE_TO_API[result!.code];
      if (!mapped) throw new Error(`unexpected ledger result ${result!.code}`);
      return err(mapped);
    }
    const op = await deps.cards.operation(p.operationId);
    if (!op || op.customerId !== p.customerId) throw new Error(`card operation ${p.operationId} is missing`);
    // A retry (same Idempotency-Key) of an operation still pending asks the network again: the
    // network is idempotent by id, and the first request may never have reached it.
    if (op.status === 'pending') await authorize(op, p.card);
    return ok(view((await deps.cards.operation(op.id)) ?? op));
  }

  async function authorize(op: OperationRow, card: CardRow): Promise<void> {
    const outcome = await deps.network.authorize({
      id: op.id,
      type: op.kind === 'topup' ? 'pull' : 'push',
      pan: deps.cards.panOf(card),
      expiry: card.expiry,
      amount: op.amount,
      currency: op.currency,
      callbackUrl: deps.callbackUrl(),
    });
    if (outcome.kind === 'accepted') {
      if (outcome.networkRef) await deps.cards.noteNetworkRef(op.id, outcome.networkRef);
      deps.logger.info(
        { operationId: op.id, kind: op.kind, cardId: card.id },
        'card authorization requested',
      );
    } else if (outcome.kind === 'rejected') {
      // The network refused the request itself and will never decide it: release the hold now.
      deps.logger.warn(
        { operationId: op.id, kind: op.kind, cardId: card.id, code: outcome.code },
        'card network rejected the authorization request',
      );
      await deps.settle.settle(op, { approved: false, reason: 'network_rejected', networkRef: null });
    } else {
      // The outcome may still come by callback; if it does not, the hold expires and is released.
      deps.logger.warn(
        { operationId: op.id, kind: op.kind, cardId: card.id, err: outcome.error },
        'card network unreachable; the operation stays pending',
      );
    }
  }

  async function get(
    customerId: string,
    kind: OperationKind,
    operationId: string,
  ): Promise<Result<TCardOperation, CardOperationError>> {
    const op = await deps.cards.operation(operationId);
    if (!op || op.customerId !== customerId || op.kind !== kind) return err('OPERATION_NOT_FOUND');
    return ok(view(op));
  }

  return { begin, get };
}

export function view(op: OperationRow): TCardOperation {
  return {
    id: op.id,
    kind: op.kind,
    status: op.status,
    amount: { amount: toDecimalString(op.amount, 'CNY'), currency: op.currency },
    card: { id: op.cardId, last4: op.card.last4 },
    ...(op.declineReason ? { declineReason: op.declineReason } : {}),
    createdAt: op.createdAt.toISOString(),
    updatedAt: op.updatedAt.toISOString(),
  };
}

export type CardOperations = ReturnType<typeof createCardOperations>;
