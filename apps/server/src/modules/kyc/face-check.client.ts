import { verifySignature } from '@yinbao/signature';
import { err, ok, type Result } from '../../platform/errors.ts';

/**
 * The wallet's side of the identity-verification (liveness + face match) service — the simulator in
 * `apps/simulators/src/identity` in development and tests. Requests carry the bearer secret; every
 * answer must carry `x-signature: t=…,v1=HMAC-SHA256(secret, t.body)` over the exact bytes, within
 * five minutes, or it is not believed. Nothing here logs a body (it holds the selfie).
 */
export type FaceCheckClientConfig = {
  /** Read at call time: the runtime may start the simulator after the server is built. */
  url: () => string | undefined;
  secret: string;
  /** The whole exchange, reading the answer included. */
  timeoutMs?: number;
};

export type FaceVerdict = 'match' | 'no_match' | 'liveness_failed' | 'review';

export type FaceCheckRequest = {
  /** Our id for the check: the service is idempotent on it. */
  reference: string;
  subject: { name: string; idLast4: string };
  selfie: Buffer;
};

export type FaceCheckAnswer = {
  id: string;
  reference: string;
  verdict: FaceVerdict;
  score: number | null;
  liveness: number;
  threshold: number;
};

/**
 * - `IDV_UNAVAILABLE`: not configured, unreachable, too slow, 5xx, auth failure — nothing was decided.
 * - `IDV_BAD_SIGNATURE`: an answer came back but its signature does not verify — never acted on.
 * - `IDV_REJECTED`: the service refused the request itself (4xx): a bug or a selfie it cannot read.
 */
export type FaceCheckClientError = 'IDV_UNAVAILABLE' | 'IDV_BAD_SIGNATURE' | 'IDV_REJECTED';

const VERDICTS: ReadonlySet<string> = new Set(['match', 'no_match', 'liveness_failed', 'review']);
const TOLERANCE_SECONDS = 300;

/** Checks `t=<unix seconds>,v1=<hex>` against the raw body (`@yinbao/signature`; constant-time on the MAC). */
export const verifyAnswerSignature = (secret: string, header: string | null, rawBody: string) =>
  verifySignature(secret, header, rawBody, TOLERANCE_SECONDS);

function parseAnswer(raw: string): FaceCheckAnswer | null {
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof j !== 'object' || j === null) return null;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1 ? v : null);
  if (typeof j.id !== 'string' || typeof j.reference !== 'string' || typeof j.verdict !== 'string')
    return null;
  if (!VERDICTS.has(j.verdict) || num(j.liveness) === null || num(j.threshold) === null) return null;
  if (j.score !== null && num(j.score) === null) return null;
  return {
    id: j.id,
    reference: j.reference,
    verdict: j.verdict as FaceVerdict,
    score: j.score === null ? null : (j.score as number),
    liveness: j.liveness as number,
    threshold: j.threshold as number,
  };
}

export function createFaceCheckClient(cfg: FaceCheckClientConfig) {
  const timeoutMs = cfg.timeoutMs ?? 10_000;
  return {
    async check(req: FaceCheckRequest): Promise<Result<FaceCheckAnswer, FaceCheckClientError>> {
      let status: number;
      let raw: string;
      let signature: string | null;
      try {
        const base = cfg.url();
        if (!base) return err('IDV_UNAVAILABLE', 'identity verification is not configured');
        const res = await fetch(`${base.replace(/\/+$/, '')}/v1/face-checks`, {
          method: 'POST',
          headers: { authorization: `Bearer ${cfg.secret}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            reference: req.reference,
            name: req.subject.name,
            idLast4: req.subject.idLast4,
            selfie: req.selfie.toString('base64'),
          }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = res.status;
        signature = res.headers.get('x-signature');
        raw = await res.text();
      } catch (e) {
        const timedOut = (e as Error).name === 'TimeoutError';
        return err(
          'IDV_UNAVAILABLE',
          timedOut ? 'identity verification timed out' : 'identity verification unreachable',
        );
      }
      if (status >= 500 || status === 401 || status === 403 || status === 429)
        return err('IDV_UNAVAILABLE', `identity verification answered ${status}`);
      if (status !== 200) return err('IDV_REJECTED', `identity verification answered ${status}`);
      if (!verifyAnswerSignature(cfg.secret, signature, raw)) return err('IDV_BAD_SIGNATURE');
      const answer = parseAnswer(raw);
      // A signed answer about another request is as bad as a forged one.
      if (!answer || answer.reference !== req.reference) return err('IDV_BAD_SIGNATURE');
      return ok(answer);
    },
  };
}

export type FaceCheckClient = ReturnType<typeof createFaceCheckClient>;
