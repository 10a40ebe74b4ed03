import { toDecimalString } from '@yinbao/money';
import type pg from 'pg';
import { audit } from '../../platform/audit.ts';
import { err, ok, type Result } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Vault } from '../../platform/secrets.ts';
import { inTransaction } from '../../platform/sql.ts';
import type { CardsService } from '../cards/index.ts';
import type { WalletsService } from '../wallets/index.ts';
import type { FaceCheckClient } from './face-check.client.ts';
import { createFaceCheckStep, type FaceCheckState, faceCheckState } from './face-check.service.ts';
import type { KycError } from './kyc.errors.ts';
import { earnedTier, identityRow, maskedIdNumber, raiseTier } from './kyc.store.ts';
import { checkResidentId, maskName, sameName } from './resident-id.ts';

export type { KycError } from './kyc.errors.ts';

export type KycNextStep = 'identity' | 'bank_card' | 'face_check' | null;

/**
 * A2 upgrade flow: a real-name resident ID (checksum-validated, encrypted at rest, one wallet per
 * ID) raises the wallet to Class III; a bound bank card in that same name to Class II; a face check
 * through the identity-verification service (with the card) to Class I. Each step raises the
 * ledger's balance cap in the same transaction as the verification. Staff decisions live in
 * kyc-review.service.ts and move the tier through the same functions (kyc.store.ts).
 */
/** A tier's limit (fen) as money; null = no limit. */
const cny = (v: bigint | null) =>
  v === null ? null : { amount: toDecimalString(v, 'CNY'), currency: 'CNY' };

export function createKycService(deps: {
  pool: pg.Pool;
  vault: Vault;
  wallets: WalletsService;
  cards: CardsService;
  faceChecks: FaceCheckClient;
  faceCheckTimeoutMs: number;
  entryTier: number;
  logger?: Logger;
  clock?: () => Date;
}) {
  const clock = deps.clock ?? (() => new Date());
  const aad = (customerId: string, what: string) => `kyc:${what}:${customerId}`;
  const faceCheck = createFaceCheckStep({
    pool: deps.pool,
    vault: deps.vault,
    wallets: deps.wallets,
    client: deps.faceChecks,
    logger: deps.logger,
    timeoutMs: deps.faceCheckTimeoutMs,
    entryTier: deps.entryTier,
    clock,
  });

  return {
    /** YYYYMMDD from the resident ID on file (digits 7–14), for rules such as "no birthday PIN". */
    async birthDateOf(customerId: string): Promise<string | null> {
      const { rows } = await deps.pool.query(
        'SELECT id_ciphertext, key_id FROM kyc_identities WHERE customer_id = $1 AND revoked_at IS NULL',
        [customerId],
      );
      const r = rows[0];
      if (!r) return null;
      return deps.vault.decrypt(r.id_ciphertext, aad(customerId, 'id'), r.key_id).slice(6, 14);
    },

    async status(customerId: string) {
      const w = await deps.wallets.walletOfCustomer(customerId);
      if (!w) return err('WALLET_NOT_FOUND' as const);
      const id = await identityRow(deps.pool, customerId);
      const tier = deps.wallets.tierOf(w.tier);
      const next = w.tier > 1 ? deps.wallets.tierOf(w.tier - 1) : null;
      const face: FaceCheckState = await faceCheckState(deps.pool, customerId, id, clock());
      const nextStep: KycNextStep =
        !id || id.revoked
          ? id
            ? null
            : 'identity'
          : !id.cardVerified
            ? 'bank_card'
            : !id.faceVerified && !id.faceRejected
              ? 'face_check'
              : null;
      return ok({
        tier: w.tier,
        tierName: tier.name,
        identity: id
          ? {
              name: maskName(deps.vault.decrypt(id.nameCiphertext, aad(customerId, 'name'), id.keyId)),
              idNumber: maskedIdNumber(id.idLast4),
              bankCardVerified: id.cardVerified,
            }
          : null,
        revoked: !!id?.revoked,
        faceCheck: face,
        nextStep,
        next:
          next && next.tier !== w.tier
            ? {
                tier: next.tier,
                name: next.name,
                requirement: next.requirement,
                limits: {
                  balanceCap: cny(next.balanceCap),
                  singleLimit: cny(next.singleLimit),
                  dailyLimit: cny(next.dailyLimit),
                  annualLimit: cny(next.annualLimit),
                },
              }
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
      const existing = await identityRow(deps.pool, customerId);
      if (existing) return err(existing.revoked ? 'KYC_REVOKED' : 'KYC_ALREADY_VERIFIED');
      const tier = await inTransaction(deps.pool, async (tx) => {
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
        if (rowCount !== 1) return null;
        await audit(tx, {
          actor: `customer:${customerId}`,
          event: 'kyc.identity_verified',
          subject: `customer:${customerId}`,
        });
        const earned = earnedTier(
          { cardVerified: false, faceVerified: false, revoked: false },
          deps.entryTier,
        );
        return raiseTier(tx, deps.wallets, customerId, earned, clock());
      });
      if (tier === null) {
        const again = await identityRow(deps.pool, customerId);
        return err(again ? (again.revoked ? 'KYC_REVOKED' : 'KYC_ALREADY_VERIFIED') : 'ID_ALREADY_USED');
      }
      return ok({ tier });
    },

    async verifyBankCard(customerId: string, cardId: string): Promise<Result<{ tier: number }, KycError>> {
      const id = await identityRow(deps.pool, customerId);
      if (!id) return err('KYC_IDENTITY_FIRST');
      if (id.revoked) return err('KYC_REVOKED');
      const card = await deps.cards.activeCard(customerId, cardId);
      if (!card) return err('CARD_NOT_FOUND');
      const name = deps.vault.decrypt(id.nameCiphertext, aad(customerId, 'name'), id.keyId);
      if (!sameName(deps.cards.holderNameOf(card), name)) return err('CARD_NAME_MISMATCH');
      return inTransaction(deps.pool, async (tx) => {
        const locked = await identityRow(tx, customerId, true);
        if (!locked || locked.revoked) return err('KYC_REVOKED' as const);
        await tx.query(
          'UPDATE kyc_identities SET card_verified_at = coalesce(card_verified_at, $2) WHERE customer_id = $1',
          [customerId, clock()],
        );
        await audit(tx, {
          actor: `customer:${customerId}`,
          event: 'kyc.bank_card_verified',
          subject: `card:${card.id}`,
        });
        const earned = earnedTier({ ...locked, cardVerified: true }, deps.entryTier);
        const tier = await raiseTier(tx, deps.wallets, customerId, earned, clock(), {
          reviewClassI: {
            evidence: {
              maskedName: maskName(name),
              idNumber: maskedIdNumber(locked.idLast4),
              cause: 'bank_card',
            },
          },
        });
        return ok({ tier });
      });
    },

    faceCheck,
  };
}

export type KycService = ReturnType<typeof createKycService>;
