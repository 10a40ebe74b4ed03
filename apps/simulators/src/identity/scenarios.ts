/**
 * What the simulated liveness + face-match service decides, chosen by the first word of the selfie's
 * bytes (so tests and the demo can pick an outcome with any "image"):
 *
 * | first word   | verdict           | face score | liveness |
 * |--------------|-------------------|-----------:|---------:|
 * | `MATCH`      | `match`           |       0.97 |     0.99 |
 * | `NOMATCH`    | `no_match`        |       0.18 |     0.98 |
 * | `SPOOF`      | `liveness_failed` |       null |     0.04 |
 * | `UNSURE`     | `review`          |       0.74 |     0.93 |
 * | `SLOW`       | `match`, after `slowMs` (the caller's timeout should fire first)          |
 * | `SCORE=0.81` | the verdict the threshold gives that score (liveness passes)              |
 * | anything else| `match` with a score between 0.90 and 0.99 derived from the bytes         |
 *
 * A score ≥ `threshold` (0.85) matches, ≥ `reviewFrom` (0.60) needs a human, below it does not match.
 */
export type FaceVerdict = 'match' | 'no_match' | 'liveness_failed' | 'review';
export type FaceScenario = 'match' | 'no_match' | 'spoof' | 'unsure' | 'slow' | 'score' | 'default';

export const DEFAULT_THRESHOLD = 0.85;
export const DEFAULT_REVIEW_FROM = 0.6;

export type Decision = {
  scenario: FaceScenario;
  verdict: FaceVerdict;
  score: number | null;
  liveness: number;
  slow: boolean;
};

const firstWord = (bytes: Buffer) => {
  const head = bytes.subarray(0, 32).toString('latin1');
  return /^[A-Z]+(?:=[0-9.]+)?/.exec(head)?.[0] ?? '';
};

export function decide(
  selfie: Buffer,
  sha256: string,
  threshold = DEFAULT_THRESHOLD,
  reviewFrom = DEFAULT_REVIEW_FROM,
): Decision {
  const byScore = (scenario: FaceScenario, score: number, slow = false): Decision => ({
    scenario,
    verdict: score >= threshold ? 'match' : score >= reviewFrom ? 'review' : 'no_match',
    score,
    liveness: 0.98,
    slow,
  });
  const word = firstWord(selfie);
  if (word === 'MATCH') return { ...byScore('match', 0.97), liveness: 0.99 };
  if (word === 'NOMATCH') return byScore('no_match', 0.18);
  if (word === 'UNSURE') return { ...byScore('unsure', 0.74), liveness: 0.93 };
  if (word === 'SPOOF')
    return { scenario: 'spoof', verdict: 'liveness_failed', score: null, liveness: 0.04, slow: false };
  if (word === 'SLOW') return byScore('slow', 0.97, true);
  const explicit = /^SCORE=(0(?:\.\d{1,4})?|1(?:\.0{1,4})?)$/.exec(word);
  if (explicit) return byScore('score', Number(explicit[1]));
  // Any other image: a stable score in [0.90, 0.99] from its hash.
  return byScore('default', 0.9 + (Number.parseInt(sha256.slice(0, 4), 16) % 100) / 1000);
}
