import type pg from 'pg';
import { audit } from '../../platform/audit.ts';
import { AAD } from '../../platform/encrypted-fields.ts';
import { err, ok, type Result } from '../../platform/errors.ts';
import type { Vault } from '../../platform/secrets.ts';
import { inTransaction } from '../../platform/sql.ts';
import type { WalletsService } from '../wallets/index.ts';
import type { KycReviewError } from './kyc.errors.ts';
import { earnedTier, identityRow, lowerTier, notify, raiseTier } from './kyc.store.ts';

export type { KycReviewError } from './kyc.errors.ts';

export type KycReviewKind = 'face_check' | 'tier_upgrade';
export type KycReviewStatus = 'pending' | 'approved' | 'rejected';

/** What staff see of a case: masked data only (no image ever exists; names and numbers masked). */
export type KycReview = {
  id: string;
  customerId: string;
  /** e.g. `138****0000`. */
  maskedPhone: string;
  kind: KycReviewKind;
  requestedTier: number;
  tierBefore: number;
  currentTier: number;
  /** An automatic step already applied `requestedTier`; rejecting lowers the wallet back. */
  applied: boolean;
  evidence: Record<string, unknown>;
  status: KycReviewStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  createdAt: string;
};

export type KycDecision = {
  review: KycReview;
  /** The wallet's tier after the decision. */
  tier: number;
  /** The lower tier's balance cap was below the balance: the cap stays at the balance (inflows stop). */
  capClamped: boolean;
};

const MAX_REASON = 500;
const STAFF_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$/;

const maskPhone = (p: string) => {
  const d = p.replace(/^\+86/, '');
  return d.length >= 7 ? `${d.slice(0, 3)}****${d.slice(-4)}` : '****';
};

const SELECT = `SELECT r.*, c.phone_ciphertext, w.tier AS current_tier
                  FROM kyc_reviews r JOIN customers c ON c.id = r.customer_id JOIN wallets w ON w.customer_id = r.customer_id`;

function toReview(r: Record<string, unknown>, phone: string): KycReview {
  return {
    id: r.id as string,
    customerId: r.customer_id as string,
    maskedPhone: maskPhone(phone),
    kind: r.kind as KycReviewKind,
    requestedTier: Number(r.requested_tier),
    tierBefore: Number(r.tier_before),
    currentTier: Number(r.current_tier),
    applied: r.applied as boolean,
    evidence: r.evidence as Record<string, unknown>,
    status: r.status as KycReviewStatus,
    decidedBy: (r.decided_by as string | null) ?? null,
    decidedAt: (r.decided_at as Date | null)?.toISOString() ?? null,
    reason: (r.reason as string | null) ?? null,
    createdAt: (r.created_at as Date).toISOString(),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The staff review queue for KYC (A2). HTTP routes and staff authentication are built elsewhere:
 * callers pass an already authenticated `staffId`, recorded as `decided_by` and as the audit actor
 * `staff:<id>`. Decisions lock the identity row and then the review row, so concurrent decisions on
 * one case are serialised and exactly one wins; a decided case is never changed again.
 *
 * - approve: a face-check case records the face as verified and raises the wallet to the tier the
 *   verifications now earn; a tier-upgrade case keeps (or applies) its tier.
 * - reject: a face-check case changes no tier (none was given) and lets the customer try again; a
 *   tier-upgrade case that an automatic step had applied lowers the wallet back to what the other
 *   verifications earn and closes self-service face checks (branch visit).
 * - revokeTier: identity documents found fraudulent — the identity is marked revoked (its number
 *   stays taken), the wallet goes back to the entry tier and every pending case is rejected.
 *
 * Lowering never destroys money: when the balance is above the lower cap, the ledger cap is set to
 * the balance (inflows stop; spending and the lower tier's payment limits apply at once).
 */
export function createKycReviewService(deps: {
  pool: pg.Pool;
  wallets: WalletsService;
  entryTier: number;
  /** Decrypts customers' phone numbers (shown masked). */
  vault: Vault;
  clock?: () => Date;
}) {
  const clock = deps.clock ?? (() => new Date());
  const review = (r: Record<string, unknown>) =>
    toReview(r, deps.vault.decrypt(r.phone_ciphertext as Buffer, AAD.customerPhone(r.customer_id as string)));

  async function read(db: pg.Pool | pg.PoolClient, reviewId: string) {
    const { rows } = await db.query(`${SELECT} WHERE r.id = $1`, [reviewId]);
    return rows[0] ? review(rows[0]) : null;
  }

  /** Locks identity then review; refuses cases that are missing or already decided. */
  async function lockPending(tx: pg.PoolClient, reviewId: string) {
    if (!UUID.test(reviewId)) return err('REVIEW_NOT_FOUND' as const);
    const head = await tx.query('SELECT customer_id FROM kyc_reviews WHERE id = $1', [reviewId]);
    const customerId = head.rows[0]?.customer_id as string | undefined;
    if (!customerId) return err('REVIEW_NOT_FOUND' as const);
    const identity = await identityRow(tx, customerId, true);
    const { rows } = await tx.query('SELECT * FROM kyc_reviews WHERE id = $1 FOR UPDATE', [reviewId]);
    const r = rows[0];
    if (r.status !== 'pending')
      return err('REVIEW_ALREADY_DECIDED' as const, undefined, { status: r.status, decidedBy: r.decided_by });
    if (!identity) return err('KYC_NOT_VERIFIED' as const);
    return ok({ row: r, identity, customerId });
  }

  async function decide(
    tx: pg.PoolClient,
    reviewId: string,
    status: 'approved' | 'rejected',
    staffId: string,
    reason: string | null,
  ) {
    await tx.query(
      'UPDATE kyc_reviews SET status = $2, decided_by = $3, decided_at = $4, reason = $5 WHERE id = $1',
      [reviewId, status, staffId, clock(), reason],
    );
  }

  const checkStaff = (staffId: string) => STAFF_ID.test(staffId);
  const cleanReason = (reason: string) => {
    const r = reason.trim();
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    return r.length === 0 || r.length > MAX_REASON || /[\u0000-\u001f\u007f]/.test(r) ? null : r;
  };

  return {
    /** Pending cases, oldest first (a queue). `cursor` is the last id of the previous page. */
    async listPending(
      opts: { limit?: number; cursor?: string } = {},
    ): Promise<Result<{ items: KycReview[]; nextCursor: string | null }, KycReviewError>> {
      const limit = Math.min(Math.max(Math.trunc(opts.limit ?? 20), 1), 100);
      if (opts.cursor !== undefined && !UUID.test(opts.cursor)) return err('INVALID_CURSOR');
      const { rows } = await deps.pool.query(
        `${SELECT} WHERE r.status = 'pending' AND ($1::uuid IS NULL OR r.id > $1) ORDER BY r.id LIMIT $2`,
        [opts.cursor ?? null, limit + 1],
      );
      const items = rows.slice(0, limit).map(review);
      return ok({ items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null });
    },

    async get(reviewId: string): Promise<Result<KycReview, KycReviewError>> {
      const r = UUID.test(reviewId) ? await read(deps.pool, reviewId) : null;
      return r ? ok(r) : err('REVIEW_NOT_FOUND');
    },

    async approve(reviewId: string, staffId: string): Promise<Result<KycDecision, KycReviewError>> {
      if (!checkStaff(staffId)) return err('INVALID_STAFF_ID');
      return inTransaction(deps.pool, async (tx) => {
        const p = await lockPending(tx, reviewId);
        if (!p.ok) return p;
        const { row, identity, customerId } = p.value;
        if (identity.revoked) return err('KYC_REVOKED' as const);
        const now = clock();
        let target = Number(row.requested_tier);
        if (row.kind === 'face_check') {
          await tx.query('UPDATE kyc_identities SET face_verified_at = $2 WHERE customer_id = $1', [
            customerId,
            now,
          ]);
          target = earnedTier({ ...identity, faceVerified: true }, deps.entryTier);
        }
        // Staff approved it: no review after the fact for this raise.
        const tier = await raiseTier(tx, deps.wallets, customerId, target, now);
        await decide(tx, reviewId, 'approved', staffId, null);
        await audit(tx, {
          actor: `staff:${staffId}`,
          event: 'kyc.review_approved',
          subject: `kyc_review:${reviewId}`,
          data: { customerId, kind: row.kind, tier },
        });
        await notify(
          tx,
          customerId,
          'kyc.review_approved',
          '身份核验已通过 Verification approved',
          `您的钱包等级已更新 Your wallet is now ${deps.wallets.tierOf(tier).name}`,
          { tier },
        );
        return ok({ review: (await read(tx, reviewId))!, tier, capClamped: false });
      });
    },

    async reject(
      reviewId: string,
      staffId: string,
      reason: string,
    ): Promise<Result<KycDecision, KycReviewError>> {
      if (!checkStaff(staffId)) return err('INVALID_STAFF_ID');
      const why = cleanReason(reason);
      if (!why) return err('INVALID_REASON', `Give a reason of 1–${MAX_REASON} characters`);
      return inTransaction(deps.pool, async (tx) => {
        const p = await lockPending(tx, reviewId);
        if (!p.ok) return p;
        const { row, identity, customerId } = p.value;
        let lowered = { from: 0, to: 0, capClamped: false };
        if (row.kind === 'tier_upgrade' && row.applied) {
          // The Class I a face match gave is withdrawn: the face no longer counts, and only a branch
          // visit can give it back.
          await tx.query(
            'UPDATE kyc_identities SET face_verified_at = NULL, face_rejected_at = $2 WHERE customer_id = $1',
            [customerId, clock()],
          );
          const target = earnedTier({ ...identity, faceVerified: false }, deps.entryTier);
          lowered = await lowerTier(tx, deps.wallets, customerId, target);
        }
        await decide(tx, reviewId, 'rejected', staffId, why);
        const tier = (await deps.wallets.walletOfCustomer(customerId, tx))!.tier;
        await audit(tx, {
          actor: `staff:${staffId}`,
          event: 'kyc.review_rejected',
          subject: `kyc_review:${reviewId}`,
          data: { customerId, kind: row.kind, reason: why, tier, capClamped: lowered.capClamped },
        });
        await notify(
          tx,
          customerId,
          'kyc.review_rejected',
          '身份核验未通过 Verification not approved',
          `${why} — 您的钱包等级 Your wallet is ${deps.wallets.tierOf(tier).name}`,
          { tier },
        );
        return ok({ review: (await read(tx, reviewId))!, tier, capClamped: lowered.capClamped });
      });
    },

    /** Withdraws every verification of a customer (e.g. fraudulent documents): back to the entry tier. */
    async revokeTier(
      customerId: string,
      staffId: string,
      reason: string,
    ): Promise<
      Result<{ tier: number; fromTier: number; capClamped: boolean; rejectedReviews: number }, KycReviewError>
    > {
      if (!checkStaff(staffId)) return err('INVALID_STAFF_ID');
      const why = cleanReason(reason);
      if (!why) return err('INVALID_REASON', `Give a reason of 1–${MAX_REASON} characters`);
      if (!UUID.test(customerId)) return err('KYC_NOT_VERIFIED');
      return inTransaction(deps.pool, async (tx) => {
        const identity = await identityRow(tx, customerId, true);
        if (!identity) return err('KYC_NOT_VERIFIED' as const);
        if (identity.revoked) return err('KYC_REVOKED' as const);
        const now = clock();
        await tx.query(
          'UPDATE kyc_identities SET revoked_at = $2, revoked_by = $3, revoke_reason = $4 WHERE customer_id = $1',
          [customerId, now, staffId, why],
        );
        const { rowCount } = await tx.query(
          `UPDATE kyc_reviews SET status = 'rejected', decided_by = $2, decided_at = $3, reason = $4
            WHERE customer_id = $1 AND status = 'pending'`,
          [customerId, staffId, now, `identity revoked: ${why}`],
        );
        const lowered = await lowerTier(tx, deps.wallets, customerId, deps.entryTier);
        await audit(tx, {
          actor: `staff:${staffId}`,
          event: 'kyc.tier_revoked',
          subject: `customer:${customerId}`,
          data: { reason: why, fromTier: lowered.from, tier: lowered.to, capClamped: lowered.capClamped },
        });
        await notify(
          tx,
          customerId,
          'kyc.tier_revoked',
          '身份核验已撤销 Verification withdrawn',
          `${why} — 请联系客服 Please contact customer service`,
          { tier: lowered.to },
        );
        return ok({
          tier: lowered.to,
          fromTier: lowered.from,
          capClamped: lowered.capClamped,
          rejectedReviews: rowCount ?? 0,
        });
      });
    },
  };
}

export type KycReviewService = ReturnType<typeof createKycReviewService>;
