import { uuidv7 } from '@yinbao/ledger';
import type pg from 'pg';
import { AAD } from '../../platform/encrypted-fields.ts';
import { err, ok, type Result } from '../../platform/errors.ts';
import { maskName } from '../../platform/mask.ts';
import { newToken, type Vault } from '../../platform/secrets.ts';
import type { CardNetworkClient } from './card-network.client.ts';
import type { CardError } from './cards.errors.ts';
import * as repo from './cards.repository.ts';
import type { TBindCard, TCard } from './cards.schema.ts';
import { isExpired, isExpiryFormat, normalizePan } from './pan.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type CardsDeps = {
  pool: pg.Pool;
  vault: Vault;
  network: CardNetworkClient;
  clock?: () => Date;
};

export type { CardRow, OperationKind, OperationRow } from './cards.repository.ts';

/**
 * A6: linked bank cards. The PAN is checked locally, verified with the network, then stored only
 * encrypted (AES-256-GCM bound to the card id) with a keyed fingerprint for duplicate detection.
 * Nothing the service returns contains it; flows that must send it to the network ask `panOf`.
 * The holder's name is encrypted too and answered masked (张三 → *三).
 */
export function createCardsService(deps: CardsDeps) {
  const clock = deps.clock ?? (() => new Date());
  const holderNameOf = (c: repo.CardRow) =>
    deps.vault.decrypt(c.holderNameCiphertext, AAD.cardHolderName(c.id), c.holderNameKeyId);
  const view = (c: repo.CardRow): TCard => ({
    id: c.id,
    last4: c.last4,
    brand: c.brand,
    bankName: c.bankName,
    expiry: c.expiry,
    holderName: maskName(holderNameOf(c)),
    status: c.status,
    createdAt: c.createdAt.toISOString(),
  });

  /** The caller's card; anyone else's id gets the same answer as a missing one. */
  async function owned(customerId: string, cardId: string) {
    const c = await repo.cardById(deps.pool, cardId);
    return c && c.customerId === customerId ? c : null;
  }

  return {
    async bind(customerId: string, input: TBindCard): Promise<Result<TCard, CardError>> {
      const pan = normalizePan(input.pan);
      if (!pan) return err('INVALID_PAN');
      if (!isExpiryFormat(input.expiry)) return err('INVALID_EXPIRY');
      if (isExpired(input.expiry, clock())) return err('CARD_EXPIRED');
      const fingerprint = deps.vault.fingerprint(pan);
      if (await repo.activeCardWithFingerprint(deps.pool, customerId, fingerprint))
        return err('CARD_ALREADY_BOUND');

      const v = await deps.network.verify({ pan, expiry: input.expiry, holderName: input.holderName });
      if (v.kind === 'unavailable') return err('CARD_NETWORK_UNAVAILABLE');
      if (v.kind === 'rejected') {
        if (v.reason === 'expired_card') return err('CARD_EXPIRED');
        return err('CARD_REJECTED', undefined, { reason: v.reason });
      }
      const id = uuidv7();
      const card = await repo.insertCard(deps.pool, {
        id,
        customerId,
        token: newToken('card'),
        // The card id is the associated data: a ciphertext copied onto another row will not decrypt.
        panCiphertext: deps.vault.encrypt(pan, AAD.cardPan(id)),
        panKeyId: deps.vault.keyId,
        holderNameCiphertext: deps.vault.encrypt(input.holderName, AAD.cardHolderName(id)),
        holderNameKeyId: deps.vault.keyId,
        panFingerprint: fingerprint,
        last4: pan.slice(-4),
        brand: v.brand,
        bankName: v.bankName,
        expiry: input.expiry,
      });
      // Lost a race with the same card being bound concurrently.
      if (!card) return err('CARD_ALREADY_BOUND');
      return ok(view(card));
    },

    async list(customerId: string): Promise<TCard[]> {
      return (await repo.activeCardsOf(deps.pool, customerId)).map(view);
    },

    async get(customerId: string, cardId: string): Promise<Result<TCard, CardError>> {
      const c = await owned(customerId, cardId);
      return c ? ok(view(c)) : err('CARD_NOT_FOUND');
    },

    async remove(customerId: string, cardId: string): Promise<Result<TCard, CardError>> {
      const c = await owned(customerId, cardId);
      if (!c) return err('CARD_NOT_FOUND');
      if (c.status === 'removed') return ok(view(c));
      const r = await repo.removeCard(deps.pool, customerId, cardId);
      if (r === 'pending') return err('CARD_HAS_PENDING_OPERATION');
      if (r === 'not_active') {
        const now = await owned(customerId, cardId);
        return now ? ok(view(now)) : err('CARD_NOT_FOUND');
      }
      return ok(view(r));
    },

    /** For flows: the caller's active card, or null. */
    async activeCard(customerId: string, cardId: string) {
      const c = await owned(customerId, cardId);
      return c && c.status === 'active' ? c : null;
    },

    cardById: (cardId: string) => repo.cardById(deps.pool, cardId),

    /** The clear PAN, only to be sent to the card network; never log or return it. */
    panOf: (card: repo.CardRow) =>
      deps.vault.decrypt(card.panCiphertext, AAD.cardPan(card.id), card.panKeyId),
    /** The clear holder name (KYC compares it with the verified name); answers show it masked. */
    holderNameOf,

    /** Card operations (top-ups, withdrawals): read here, written by the flows' ledger effects. */
    operation: (operationId: string) =>
      UUID.test(operationId) ? repo.operationById(deps.pool, operationId) : Promise.resolve(null),
    noteNetworkRef: (operationId: string, ref: string) => repo.setNetworkRef(deps.pool, operationId, ref),
    noteNetworkReversed: (operationId: string) => repo.markNetworkReversed(deps.pool, operationId),
    /** Operations to ask the network about (card-outcome-check.ts). */
    operationsToCheck: (pendingSeconds: number, limit: number) =>
      repo.operationsToCheck(deps.pool, pendingSeconds, limit),
    noteNetworkChecked: (operationId: string) => repo.markNetworkChecked(deps.pool, operationId),
  };
}

export type CardsService = ReturnType<typeof createCardsService>;
