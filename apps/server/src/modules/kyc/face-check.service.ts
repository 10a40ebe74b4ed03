import { uuidv7 } from '@yinbao/ledger';
import type pg from 'pg';
import { audit } from '../../platform/audit.ts';
import { err, ok, type Result } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Vault } from '../../platform/secrets.ts';
import { type Executor, inTransaction } from '../../platform/sql.ts';
import type { WalletsService } from '../wallets/index.ts';
import type { FaceCheckClient } from './face-check.client.ts';
import type { KycError } from './kyc.errors.ts';
import {
  earnedTier,
  type IdentityRow,
  identityRow,
  insertReview,
  maskedIdNumber,
  notify,
  raiseTier,
} from './kyc.store.ts';
import { maskName } from './resident-id.ts';

/** Decoded selfie limit (the HTTP body limit is 64 KB; base64 adds a third). */
export const MAX_SELFIE_BYTES = 32 * 1024;
export const FACE_CHECK_MAX_FAILURES = 3;
export const FACE_CHECK_BLOCK_MS = 24 * 3600_000;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const FAILED = ['no_match', 'liveness_failed'];

export type FaceCheckStatus = 'not_started' | 'failed' | 'blocked' | 'in_review' | 'verified' | 'closed';
export type FaceCheckState = { status: FaceCheckStatus; failuresLeft: number; blockedUntil: string | null };

/**
 * Three failed comparisons (no match, or liveness failed) within 24 hours close the step for a day
 * from the third one.
 */
async function failures(db: Executor, customerId: string, now: Date) {
  const { rows } = await db.query(
    `SELECT created_at FROM kyc_face_checks
      WHERE customer_id = $1 AND status = ANY($2) AND created_at > $3 ORDER BY created_at DESC LIMIT $4`,
    [customerId, FAILED, new Date(now.getTime() - 2 * FACE_CHECK_BLOCK_MS), FACE_CHECK_MAX_FAILURES],
  );
  const at = rows.map((r) => (r.created_at as Date).getTime());
  const recent = at.filter((t) => t > now.getTime() - FACE_CHECK_BLOCK_MS).length;
  const last = at[0];
  const first = at[FACE_CHECK_MAX_FAILURES - 1];
  const blockedUntil =
    last !== undefined &&
    first !== undefined &&
    last - first <= FACE_CHECK_BLOCK_MS &&
    now.getTime() < last + FACE_CHECK_BLOCK_MS
      ? new Date(last + FACE_CHECK_BLOCK_MS)
      : null;
  return { blockedUntil, failuresLeft: blockedUntil ? 0 : Math.max(0, FACE_CHECK_MAX_FAILURES - recent) };
}

async function pendingFaceReview(db: Executor, customerId: string) {
  const { rowCount } = await db.query(
    `SELECT 1 FROM kyc_reviews WHERE customer_id = $1 AND kind = 'face_check' AND status = 'pending'`,
    [customerId],
  );
  return rowCount === 1;
}

export async function faceCheckState(
  db: Executor,
  customerId: string,
  id: IdentityRow | null,
  now: Date,
): Promise<FaceCheckState> {
  const f = await failures(db, customerId, now);
  const state = (status: FaceCheckStatus): FaceCheckState => ({
    status,
    failuresLeft: f.failuresLeft,
    blockedUntil: f.blockedUntil?.toISOString() ?? null,
  });
  if (id?.faceVerified) return state('verified');
  if (id?.faceRejected) return state('closed');
  if (await pendingFaceReview(db, customerId)) return state('in_review');
  if (f.blockedUntil) return state('blocked');
  return state(f.failuresLeft < FACE_CHECK_MAX_FAILURES ? 'failed' : 'not_started');
}

/** Strict base64 → bytes, or why not. */
function decodeSelfie(b64: string): Result<Buffer, KycError> {
  const s = b64.trim();
  if (s.length === 0 || !BASE64.test(s)) return err('INVALID_SELFIE');
  if ((s.length / 4) * 3 > MAX_SELFIE_BYTES + 2) return err('SELFIE_TOO_LARGE');
  const bytes = Buffer.from(s, 'base64');
  if (bytes.length === 0) return err('INVALID_SELFIE');
  if (bytes.length > MAX_SELFIE_BYTES) return err('SELFIE_TOO_LARGE');
  return ok(bytes);
}

/**
 * The face-check step (A2): the selfie goes to the identity-verification service with the verified
 * name, and only a signed answer counts. A match records the verification and raises the wallet
 * (Class I once the card is verified too, with a review after the fact for staff); no match or a
 * failed liveness test is refused and counted; an inconclusive answer opens a staff review case.
 * The selfie is never stored or logged: only its size. The network call runs outside any
 * transaction; a row `in_progress` keeps a second attempt from running alongside.
 */
export function createFaceCheckStep(deps: {
  pool: pg.Pool;
  vault: Vault;
  wallets: WalletsService;
  client: FaceCheckClient;
  logger?: Logger;
  timeoutMs: number;
  /** The tier a wallet without verifications is in (wallets/tiers.ts entryTier). */
  entryTier: number;
  clock: () => Date;
}) {
  const actor = (customerId: string) => `customer:${customerId}`;

  /** Opens an attempt, or says why none may start now. */
  async function open(customerId: string, selfieBytes: number) {
    return inTransaction(
      deps.pool,
      async (tx): Promise<Result<{ checkId: string; id: IdentityRow }, KycError>> => {
        const now = deps.clock();
        const id = await identityRow(tx, customerId, true);
        if (!id) return err('KYC_IDENTITY_FIRST');
        if (id.revoked) return err('KYC_REVOKED');
        if (id.faceVerified) return err('FACE_ALREADY_VERIFIED');
        if (id.faceRejected) return err('FACE_CHECK_CLOSED');
        if (await pendingFaceReview(tx, customerId)) return err('FACE_CHECK_IN_REVIEW');
        // An attempt older than the client's timeout was abandoned (e.g. a crash mid-call).
        const staleBefore = new Date(now.getTime() - deps.timeoutMs - 5000);
        await tx.query(
          `DELETE FROM kyc_face_checks WHERE customer_id = $1 AND status = 'in_progress' AND created_at <= $2`,
          [customerId, staleBefore],
        );
        const running = await tx.query(
          `SELECT 1 FROM kyc_face_checks WHERE customer_id = $1 AND status = 'in_progress'`,
          [customerId],
        );
        if (running.rowCount) return err('FACE_CHECK_IN_PROGRESS');
        const f = await failures(tx, customerId, now);
        if (f.blockedUntil) {
          return err('FACE_CHECK_BLOCKED', undefined, {
            blockedUntil: f.blockedUntil.toISOString(),
            retryAfterSeconds: Math.ceil((f.blockedUntil.getTime() - now.getTime()) / 1000),
          });
        }
        const checkId = uuidv7();
        await tx.query(
          'INSERT INTO kyc_face_checks (id, customer_id, selfie_bytes, created_at) VALUES ($1, $2, $3, $4)',
          [checkId, customerId, selfieBytes, now],
        );
        return ok({ checkId, id });
      },
    );
  }

  /** Forgets an attempt that produced no usable answer: nothing changed. */
  const abandon = (checkId: string, event?: string, customerId?: string) =>
    inTransaction(deps.pool, async (tx) => {
      await tx.query(`DELETE FROM kyc_face_checks WHERE id = $1 AND status = 'in_progress'`, [checkId]);
      if (event && customerId)
        await audit(tx, { actor: actor(customerId), event, subject: `face_check:${checkId}` });
    });

  return async function faceCheck(
    customerId: string,
    selfieBase64: string,
  ): Promise<Result<{ result: 'verified' | 'in_review'; tier: number }, KycError>> {
    const selfie = decodeSelfie(selfieBase64);
    if (!selfie.ok) return selfie;
    const opened = await open(customerId, selfie.value.length);
    if (!opened.ok) return opened;
    const { checkId, id } = opened.value;
    const name = deps.vault.decrypt(id.nameCiphertext, `kyc:name:${customerId}`, id.keyId);

    const answer = await deps.client.check({
      reference: checkId,
      subject: { name, idLast4: id.idLast4 },
      selfie: selfie.value,
    });
    if (!answer.ok) {
      deps.logger?.warn(
        { faceCheckId: checkId, code: answer.code, why: answer.message },
        'face check failed',
      );
      if (answer.code === 'IDV_BAD_SIGNATURE') {
        await abandon(checkId, 'kyc.face_check_unverifiable', customerId);
        return err('FACE_CHECK_UNVERIFIABLE');
      }
      await abandon(checkId);
      return err('FACE_CHECK_UNAVAILABLE');
    }
    const a = answer.value;

    return inTransaction(deps.pool, async (tx) => {
      const now = deps.clock();
      const locked = await identityRow(tx, customerId, true);
      const { rowCount } = await tx.query(
        `UPDATE kyc_face_checks SET status = $2, provider_ref = $3, score = $4, liveness = $5, decided_at = $6
          WHERE id = $1 AND status = 'in_progress'`,
        [checkId, a.verdict, a.id, a.score, a.liveness, now],
      );
      // The attempt was given up as stale meanwhile: act on nothing.
      if (rowCount !== 1) return err('FACE_CHECK_UNAVAILABLE' as const);
      // Staff revoked the identity while the service was deciding: the verdict is kept, nothing more.
      if (!locked || locked.revoked) return err('KYC_REVOKED' as const);
      const evidence = {
        faceCheckId: checkId,
        providerRef: a.id,
        score: a.score,
        liveness: a.liveness,
        threshold: a.threshold,
        maskedName: maskName(name),
        idNumber: maskedIdNumber(locked.idLast4),
      };
      const data = {
        verdict: a.verdict,
        score: a.score,
        liveness: a.liveness,
        selfieBytes: selfie.value.length,
      };
      const wallet = await deps.wallets.walletOfCustomer(customerId, tx);
      if (!wallet) return err('WALLET_NOT_FOUND' as const);
      const entry = deps.entryTier;

      if (a.verdict === 'match') {
        await tx.query('UPDATE kyc_identities SET face_verified_at = $2 WHERE customer_id = $1', [
          customerId,
          now,
        ]);
        await audit(tx, {
          actor: actor(customerId),
          event: 'kyc.face_check_matched',
          subject: `face_check:${checkId}`,
          data,
        });
        const tier = await raiseTier(
          tx,
          deps.wallets,
          customerId,
          earnedTier({ ...locked, faceVerified: true }, entry),
          now,
          {
            reviewClassI: { evidence },
          },
        );
        return ok({ result: 'verified' as const, tier });
      }
      if (a.verdict === 'review') {
        const reviewId = await insertReview(tx, {
          customerId,
          kind: 'face_check',
          requestedTier: Math.min(wallet.tier, earnedTier({ ...locked, faceVerified: true }, entry)),
          tierBefore: wallet.tier,
          applied: false,
          faceCheckId: checkId,
          evidence,
          now,
        });
        await audit(tx, {
          actor: actor(customerId),
          event: 'kyc.face_check_review',
          subject: `face_check:${checkId}`,
          data: { ...data, reviewId },
        });
        await notify(
          tx,
          customerId,
          'kyc.face_check_in_review',
          '人脸核验审核中 Face check in review',
          '我们会尽快审核 The bank will review your face check shortly',
        );
        return ok({ result: 'in_review' as const, tier: wallet.tier });
      }
      const f = await failures(tx, customerId, now);
      await audit(tx, {
        actor: actor(customerId),
        event: 'kyc.face_check_failed',
        subject: `face_check:${checkId}`,
        data: { ...data, failuresLeft: f.failuresLeft, blocked: !!f.blockedUntil },
      });
      return err(a.verdict === 'no_match' ? 'FACE_NOT_MATCHED' : 'LIVENESS_FAILED', undefined, {
        failuresLeft: f.failuresLeft,
        blockedUntil: f.blockedUntil?.toISOString() ?? null,
      });
    });
  };
}
