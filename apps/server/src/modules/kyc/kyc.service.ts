import type pg from 'pg';
import { audit } from '../../platform/audit.ts';
import { err, ok, type Result } from '../../platform/errors.ts';
import type { Vault } from '../../platform/secrets.ts';
import { inTransaction } from '../../platform/sql.ts';
import type { CardsService } from '../cards/index.ts';
import type { WalletsService } from '../wallets/index.ts';
import { checkResidentId, maskName, sameName } from './resident-id.ts';

export type KycError =
  | 'INVALID_ID_NUMBER'
  | 'ID_ALREADY_USED'
  | 'KYC_ALREADY_VERIFIED'
  | 'KYC_IDENTITY_FIRST'
  | 'CARD_NOT_FOUND'
  | 'CARD_NAME_MISMATCH'
  | 'WALLET_NOT_FOUND';

/** Tier each verification step reaches (see wallets/tiers.ts). */
const TIER_REAL_NAME = 3;
const TIER_REAL_NAME_AND_CARD = 2;

/**
 * A2 upgrade flow: a real-name resident ID (checksum-validated, encrypted at rest, one wallet per
 * ID) raises the wallet to Class III; a bound bank card in that same name raises it to Class II.
 * Each step also raises the ledger's balance cap. (Face check and staff review come later.)
 */
export function createKycService(deps: {
  pool: pg.Pool;
  vault: Vault;
  wallets: WalletsService;
  cards: CardsService;
  clock?: () => Date;
}) {
  const clock = deps.clock ?? (() => new Date());
  const aad = (customerId: string, what: string) => `kyc:${what}:${customerId}`;

  async function identity(customerId: string) {
    const { rows } = await deps.pool.query(
      'SELECT name_ciphertext, key_id, id_last4, card_verified_at FROM kyc_identities WHERE customer_id = $1',
      [customerId],
    );
    const r = rows[0];
    return r
      ? {
          name: deps.vault.decrypt(r.name_ciphertext, aad(customerId, 'name'), r.key_id),
          idLast4: r.id_last4 as string,
          card: !!r.card_verified_at,
        }
      : null;
  }

  async function raiseTier(customerId: string, tier: number) {
    const w = await deps.wallets.walletOfCustomer(customerId);
    if (w && w.tier > tier) await deps.wallets.setTier(w.id, tier);
  }

  return {
    async status(customerId: string) {
      const w = await deps.wallets.walletOfCustomer(customerId);
      if (!w) return err('WALLET_NOT_FOUND' as const);
      const id = await identity(customerId);
      const tier = deps.wallets.tierOf(w.tier);
      const next = w.tier > 1 ? deps.wallets.tierOf(w.tier - 1) : null;
      return ok({
        tier: w.tier,
        tierName: tier.name,
        identity: id
          ? { name: maskName(id.name), idNumber: `**************${id.idLast4}`, bankCardVerified: id.card }
          : null,
        next:
          next && next.tier !== w.tier
            ? { tier: next.tier, name: next.name, requirement: next.requirement }
            : null,
      });
    },

    async verifyIdentity(
      customerId: string,
      name: string,
      idNumber: string,
    ): Promise<Result<{ tier: number }, KycError>> {
      const checked = checkResidentId(idNumber, clock());
      if (!checked.ok) return err('INVALID_ID_NUMBER', undefined, { reason: checked.reason });
      if (await identity(customerId)) return err('KYC_ALREADY_VERIFIED');
      const inserted = await inTransaction(deps.pool, async (tx) => {
        const { rowCount } = await tx.query(
          `INSERT INTO kyc_identities (customer_id, name_ciphertext, id_ciphertext, key_id, id_fingerprint, id_last4)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [
            customerId,
            deps.vault.encrypt(name.trim(), aad(customerId, 'name')),
            deps.vault.encrypt(checked.id, aad(customerId, 'id')),
            deps.vault.keyId,
            deps.vault.fingerprint(`resident-id:${checked.id}`),
            checked.id.slice(-4),
          ],
        );
        if (rowCount === 1)
          await audit(tx, {
            actor: `customer:${customerId}`,
            event: 'kyc.identity_verified',
            subject: `customer:${customerId}`,
          });
        return rowCount === 1;
      });
      if (!inserted) return err((await identity(customerId)) ? 'KYC_ALREADY_VERIFIED' : 'ID_ALREADY_USED');
      await raiseTier(customerId, TIER_REAL_NAME);
      return ok({ tier: (await deps.wallets.walletOfCustomer(customerId))!.tier });
    },

    async verifyBankCard(customerId: string, cardId: string): Promise<Result<{ tier: number }, KycError>> {
      const id = await identity(customerId);
      if (!id) return err('KYC_IDENTITY_FIRST');
      const card = await deps.cards.activeCard(customerId, cardId);
      if (!card) return err('CARD_NOT_FOUND');
      if (!sameName(deps.cards.holderNameOf(card), id.name)) return err('CARD_NAME_MISMATCH');
      await inTransaction(deps.pool, async (tx) => {
        await tx.query(
          'UPDATE kyc_identities SET card_verified_at = coalesce(card_verified_at, now()) WHERE customer_id = $1',
          [customerId],
        );
        await audit(tx, {
          actor: `customer:${customerId}`,
          event: 'kyc.bank_card_verified',
          subject: `card:${card.id}`,
        });
      });
      await raiseTier(customerId, TIER_REAL_NAME_AND_CARD);
      return ok({ tier: (await deps.wallets.walletOfCustomer(customerId))!.tier });
    },
  };
}

export type KycService = ReturnType<typeof createKycService>;
