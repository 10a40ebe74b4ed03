import { uuidv7 } from '@yinbao/ledger';
import type pg from 'pg';
import { writeOutbox } from '../../platform/outbox.ts';
import type { Executor } from '../../platform/sql.ts';
import type { WalletsService } from '../wallets/index.ts';

/**
 * What the KYC module keeps and how every step changes the tier: one place, so the automatic steps,
 * staff approvals, rejections and revocations all move the wallet (and its ledger cap) the same way.
 * Lock order everywhere: kyc_identities row → kyc_reviews row → wallet → ledger account.
 */

/** Tier each verification reaches (see wallets/tiers.ts). */
export const TIER_REAL_NAME = 3;
export const TIER_REAL_NAME_AND_CARD = 2;
export const TIER_FULL = 1;

export type IdentityRow = {
  nameCiphertext: Buffer;
  keyId: string;
  idLast4: string;
  cardVerified: boolean;
  faceVerified: boolean;
  faceRejected: boolean;
  revoked: boolean;
};

/** The customer's verified identity, optionally locked (FOR UPDATE) inside a transaction. */
export async function identityRow(
  db: Executor,
  customerId: string,
  lock = false,
): Promise<IdentityRow | null> {
  const { rows } = await db.query(
    `SELECT name_ciphertext, key_id, id_last4, card_verified_at, face_verified_at, face_rejected_at, revoked_at
       FROM kyc_identities WHERE customer_id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [customerId],
  );
  const r = rows[0];
  return r
    ? {
        nameCiphertext: r.name_ciphertext,
        keyId: r.key_id,
        idLast4: r.id_last4,
        cardVerified: !!r.card_verified_at,
        faceVerified: !!r.face_verified_at,
        faceRejected: !!r.face_rejected_at,
        revoked: !!r.revoked_at,
      }
    : null;
}

/**
 * The tier the verifications earn: resident ID → Class III; + a card in the same name → Class II;
 * + a face match → Class I. Class I needs all three (it has no limits at all), so a face match
 * before the card counts once the card is added.
 */
export function earnedTier(v: Pick<IdentityRow, 'cardVerified' | 'faceVerified' | 'revoked'>, entry: number) {
  if (v.revoked) return entry;
  if (v.cardVerified && v.faceVerified) return TIER_FULL;
  return v.cardVerified ? TIER_REAL_NAME_AND_CARD : TIER_REAL_NAME;
}

/**
 * Raises the wallet to `tier` if it is below it (never lowers), in the caller's transaction. When an
 * automatic step reaches Class I, a review after the fact is queued for staff (`reviewClassI`).
 */
export async function raiseTier(
  tx: pg.PoolClient,
  wallets: WalletsService,
  customerId: string,
  tier: number,
  now: Date,
  opts: { reviewClassI?: { evidence: Record<string, unknown> } } = {},
): Promise<number> {
  const w = await wallets.walletOfCustomer(customerId, tx);
  if (!w) throw new Error('customer without a wallet');
  if (w.tier <= tier) return w.tier;
  const r = await wallets.setTier(w.id, tier, tx);
  if (!r.ok) throw new Error(`cannot set tier ${tier}: ${r.code}`);
  if (tier === TIER_FULL && opts.reviewClassI) {
    await insertReview(tx, {
      customerId,
      kind: 'tier_upgrade',
      requestedTier: tier,
      tierBefore: w.tier,
      applied: true,
      evidence: opts.reviewClassI.evidence,
      now,
    });
  }
  return tier;
}

/** Lowers the wallet to `tier` if it is above it (never raises); the cap never drops below the balance. */
export async function lowerTier(
  tx: pg.PoolClient,
  wallets: WalletsService,
  customerId: string,
  tier: number,
) {
  const w = await wallets.walletOfCustomer(customerId, tx);
  if (!w) throw new Error('customer without a wallet');
  if (w.tier >= tier)
    return { from: w.tier, to: w.tier, capClamped: false, balanceCap: null as bigint | null };
  const r = await wallets.setTier(w.id, tier, tx);
  if (!r.ok) throw new Error(`cannot set tier ${tier}: ${r.code}`);
  return { from: w.tier, to: tier, capClamped: r.value.capClamped, balanceCap: r.value.balanceCap };
}

export async function insertReview(
  tx: pg.PoolClient,
  r: {
    customerId: string;
    kind: 'face_check' | 'tier_upgrade';
    requestedTier: number;
    tierBefore: number;
    applied: boolean;
    evidence: Record<string, unknown>;
    faceCheckId?: string;
    now: Date;
  },
): Promise<string | null> {
  const id = uuidv7();
  const { rowCount } = await tx.query(
    `INSERT INTO kyc_reviews (id, customer_id, kind, requested_tier, tier_before, applied, face_check_id, evidence, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (customer_id, kind) WHERE status = 'pending' DO NOTHING`,
    [
      id,
      r.customerId,
      r.kind,
      r.requestedTier,
      r.tierBefore,
      r.applied,
      r.faceCheckId ?? null,
      JSON.stringify(r.evidence),
      r.now,
    ],
  );
  return rowCount === 1 ? id : null;
}

export const KYC_TOPICS = [
  'kyc.review_approved',
  'kyc.review_rejected',
  'kyc.face_check_in_review',
  'kyc.tier_revoked',
] as const;

/** An in-app notification to the customer, through the outbox (in the caller's transaction). */
export async function notify(
  tx: pg.PoolClient,
  customerId: string,
  topic: (typeof KYC_TOPICS)[number],
  title: string,
  body: string,
  data: Record<string, unknown> = {},
) {
  const kind = topic.slice('kyc.'.length);
  await writeOutbox(tx, [
    { topic, customerId, payload: { notification: { customerId, kind, title, body, data } } },
  ]);
}

export const maskedIdNumber = (last4: string) => `**************${last4}`;
