import type { Transfer } from '@yinbao/ledger';
import type pg from 'pg';
import { createBatchLoader } from '../db/batch-loader.ts';
import type { Effect, EffectHandler } from '../effects.ts';

/**
 * Idempotency for routes whose ledger id derives from the Idempotency-Key (config
 * `idempotency: 'ledger'`, e.g. POST /v1/transfers). The ledger itself makes a retry safe: the same
 * key gives the same transfer id, so a second posting is `exists`, never a second payment. What the
 * generic hook adds — the stored answer, replayed byte for byte, and refusal of the key with another
 * body — is kept, without its two extra commits per request:
 *
 * - before the handler, one batched read of the key (a stored answer is replayed; another body is 422);
 * - a successful answer is stored by the ledger's commit hook, in the transaction that posts the
 *   money (`idempotencyRecordEffect`): the answer and the money commit together or not at all;
 * - concurrent duplicates all reach the ledger; the first posts, the others get `exists` and answer
 *   the same body as replays;
 * - a refusal (4xx) is stored afterwards, batched; a later success with the same key and body
 *   replaces it (the money moved, so that is the answer), a refusal never replaces a success.
 */
export type LedgerIdempotency = { scope: string; key: string; hash: Buffer };

export type StoredAnswer = { hash: Buffer; status: string; code: number | null; body: string | null };

export const IDEMPOTENCY_EFFECT = 'idempotency';

/** Stores the answer `render(transfer)` under the key, in the posting transaction. */
export const idempotencyRecordEffect = (
  idem: LedgerIdempotency,
  status: number,
  render: (t: Transfer) => string,
): Effect => ({ type: IDEMPOTENCY_EFFECT, idem, status, render });

type RecordEffect = { idem: LedgerIdempotency; status: number; render: (t: Transfer) => string };

const UPSERT = `INSERT INTO idempotency_keys AS k (scope, key, request_hash, status, response_code, response_body, locked_until)
  SELECT scope, key, hash, 'completed', code, body, now() FROM unnest($1::text[], $2::text[], $3::bytea[], $4::int[], $5::text[])
      AS u(scope, key, hash, code, body)`;

export const idempotencyEffectHandlers: Record<string, EffectHandler> = {
  [IDEMPOTENCY_EFFECT]: async (tx, effects, transfers) => {
    // One row per key (a statement may not upsert a row twice): two transfers under one key in one
    // batch can only be a confirmed payment and an unconfirmed one, and the first answer stands.
    const byKey = new Map<string, readonly [string, string, Buffer, number, string]>();
    effects.forEach((e, i) => {
      const r = e as unknown as RecordEffect;
      const id = `${r.idem.scope}\u0000${r.idem.key}`;
      if (!byKey.has(id))
        byKey.set(id, [r.idem.scope, r.idem.key, r.idem.hash, r.status, r.render(transfers[i]!)]);
    });
    const rows = [...byKey.values()];
    await tx.query(
      `${UPSERT} ON CONFLICT (scope, key) DO UPDATE SET response_code = EXCLUDED.response_code,
         response_body = EXCLUDED.response_body, request_hash = EXCLUDED.request_hash, status = 'completed'`,
      [0, 1, 2, 3, 4].map((c) => rows.map((r) => r[c])),
    );
  },
};

/** The batched read and the batched store of refusals, on one pool. */
export function createLedgerIdempotencyStore(pool: pg.Pool) {
  const idOf = (k: { scope: string; key: string }) => `${k.scope}\u0000${k.key}`;
  const lookup = createBatchLoader<{ scope: string; key: string }, StoredAnswer>({
    id: idOf,
    load: async (keys) => {
      const { rows } = await pool.query(
        // One primary-key probe per key (LATERAL): a join on the unnested pairs let the planner
        // scan the whole table for a generic plan.
        `SELECT k.scope, k.key, k.request_hash, k.status, k.response_code, k.response_body
           FROM unnest($1::text[], $2::text[]) AS u(scope, key)
           CROSS JOIN LATERAL (SELECT * FROM idempotency_keys i WHERE i.scope = u.scope AND i.key = u.key) k`,
        [keys.map((k) => k.scope), keys.map((k) => k.key)],
      );
      return new Map(
        rows.map((r) => [
          idOf(r),
          { hash: r.request_hash, status: r.status, code: r.response_code, body: r.response_body },
        ]),
      );
    },
  });
  const storeRefusal = createBatchLoader<LedgerIdempotency & { code: number; body: string }, true>({
    id: idOf,
    load: async (items) => {
      await pool.query(`${UPSERT} ON CONFLICT (scope, key) DO NOTHING`, [
        items.map((i) => i.scope),
        items.map((i) => i.key),
        items.map((i) => i.hash),
        items.map((i) => i.code),
        items.map((i) => i.body),
      ]);
      return new Map();
    },
  });
  return { lookup, storeRefusal };
}
