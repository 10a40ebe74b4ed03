import { setTimeout as sleep } from 'node:timers/promises';
import { canonicalJson } from '@yinbao/ledger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { sha256 } from '../secrets.ts';
import { createLedgerIdempotencyStore, type LedgerIdempotency } from './idempotency-ledger.ts';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency?: { scope: string; key: string };
    /** Routes with `idempotency: 'ledger'`: the key, for the handler to store its answer with the money. */
    ledgerIdempotency?: LedgerIdempotency & { recorded: boolean };
  }
}

const KEY = /^[\x21-\x7e]{1,128}$/;
const LEASE_SECONDS = 60;
const WAIT_MS = 30_000;

export type IdempotencyOptions = { pool: pg.Pool };

/**
 * Every POST may carry an `Idempotency-Key`. The first request with a key runs; the response is
 * stored with a hash of the request; a retry with the same key and body gets the stored response
 * (header `Idempotent-Replayed: true`), concurrent duplicates wait for the first to finish, and the
 * same key with a different body is refused. 5xx responses are not stored (the retry runs again;
 * money operations derive their ledger ids from the key, so a re-run cannot post twice).
 */
export function registerIdempotency(app: FastifyInstance, { pool }: IdempotencyOptions): void {
  const ledgerStore = createLedgerIdempotencyStore(pool);
  app.addHook('preHandler', async (req, reply) => {
    const mode = req.routeOptions.config?.idempotency;
    if (req.method !== 'POST' || mode === false) return;
    const key = req.headers['idempotency-key'];
    if (key === undefined) return;
    if (typeof key !== 'string' || !KEY.test(key)) {
      return sendError(
        reply,
        400,
        'INVALID_IDEMPOTENCY_KEY',
        'Idempotency-Key must be 1–128 printable ASCII characters',
      );
    }
    const scope =
      req.customer?.id ??
      (req.staff ? `staff:${req.staff.id}` : req.merchant ? `merchant:${req.merchant.merchantId}` : 'anon');
    const hash = sha256(
      `${req.method} ${req.routeOptions.url} ${req.url} ${canonicalJson(req.body ?? null)}`,
    );
    if (mode === 'ledger') {
      const stored = await ledgerStore.lookup({ scope, key });
      if (!stored) {
        req.ledgerIdempotency = { scope, key, hash, recorded: false };
        return;
      }
      if (!Buffer.from(stored.hash).equals(hash)) return keyReused(reply);
      if (stored.status !== 'completed') {
        return sendError(
          reply,
          409,
          'IDEMPOTENCY_KEY_IN_USE',
          'A request with this Idempotency-Key is still running',
        );
      }
      return replay(reply, stored.code!, stored.body);
    }
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const ins = await pool.query(
        `INSERT INTO idempotency_keys (scope, key, request_hash, status, locked_until)
         VALUES ($1, $2, $3, 'in_progress', now() + make_interval(secs => $4))
         ON CONFLICT (scope, key) DO NOTHING RETURNING 1`,
        [scope, key, hash, LEASE_SECONDS],
      );
      if (ins.rowCount === 1) {
        req.idempotency = { scope, key };
        return;
      }
      const { rows } = await pool.query(
        'SELECT request_hash, status, response_code, response_body, locked_until < now() AS expired FROM idempotency_keys WHERE scope = $1 AND key = $2',
        [scope, key],
      );
      const row = rows[0];
      if (!row) continue; // deleted after a 5xx between our two statements: try again
      if (!Buffer.from(row.request_hash).equals(hash)) return keyReused(reply);
      if (row.status === 'completed') return replay(reply, row.response_code, row.response_body);
      if (row.expired) {
        // The first attempt died without answering: take over its lease.
        const took = await pool.query(
          `UPDATE idempotency_keys SET locked_until = now() + make_interval(secs => $3)
            WHERE scope = $1 AND key = $2 AND status = 'in_progress' AND locked_until < now()`,
          [scope, key, LEASE_SECONDS],
        );
        if (took.rowCount === 1) {
          req.idempotency = { scope, key };
          return;
        }
      }
      if (Date.now() > deadline) {
        return sendError(
          reply,
          409,
          'IDEMPOTENCY_KEY_IN_USE',
          'A request with this Idempotency-Key is still running',
        );
      }
      await sleep(20);
    }
  });

  // The answer is final once the handler has run; storing it is bookkeeping. If the store fails (the
  // database went away in between) the client still gets that answer — never an error in its place,
  // which fastify's default handler would send with the answer's status and the driver's error code.
  // The key is then left unstored (a ledger route's retry runs again, safely) or `in_progress` until
  // its lease ends (a generic route's retry waits, then runs again).
  app.addHook('onSend', async (req, reply, payload) => {
    try {
      await storeAnswer(req, reply.statusCode, payload);
    } catch (e) {
      req.log.warn({ err: (e as Error).message }, 'idempotency: answer not stored');
    }
    return payload;
  });

  async function storeAnswer(req: FastifyRequest, statusCode: number, payload: unknown) {
    const inline = req.ledgerIdempotency;
    if (inline) {
      req.ledgerIdempotency = undefined;
      // A success was stored with the money; a refusal is stored now; a 5xx is never stored.
      if (!inline.recorded && statusCode < 500) {
        const body = typeof payload === 'string' ? payload : String(payload ?? '');
        await ledgerStore.storeRefusal({ ...inline, code: statusCode, body });
      }
      return;
    }
    const idem = req.idempotency;
    if (!idem) return;
    req.idempotency = undefined;
    if (statusCode >= 500) {
      await pool.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2', [idem.scope, idem.key]);
    } else {
      await pool.query(
        `UPDATE idempotency_keys SET status = 'completed', response_code = $3, response_body = $4
          WHERE scope = $1 AND key = $2`,
        [idem.scope, idem.key, statusCode, typeof payload === 'string' ? payload : String(payload ?? '')],
      );
    }
  }
}

const keyReused = (reply: FastifyReply) =>
  sendError(reply, 422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request');

/** Sends a stored answer again, marked as a replay. */
export function replay(reply: FastifyReply, code: number, body: string | null) {
  reply.header('idempotent-replayed', 'true').header('content-type', 'application/json; charset=utf-8');
  return reply.code(code).send(body);
}

/**
 * Answers 201 with a money movement's view on a route with `idempotency: 'ledger'`: the very string
 * the commit hook stored (so a replay is byte-identical); a duplicate that found the movement
 * already posted is marked as a replay.
 */
export function sendCreated(req: FastifyRequest, reply: FastifyReply, body: unknown, replayed: boolean) {
  const idem = req.ledgerIdempotency;
  // Stored with the money, or by the request that posted it: nothing is left to store.
  if (idem) idem.recorded = true;
  const text = JSON.stringify(body);
  if (replayed && idem) return replay(reply, 201, text);
  return reply.code(201).type('application/json; charset=utf-8').send(text);
}

/** Forgets the key of a request whose answer is not final, so the client may retry it with more. */
export async function releaseIdempotencyKey(pool: pg.Pool, req: FastifyRequest): Promise<void> {
  // 'ledger' routes have stored nothing yet: not storing the answer is enough.
  req.ledgerIdempotency = undefined;
  const idem = req.idempotency;
  if (!idem) return;
  req.idempotency = undefined;
  await pool.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2', [idem.scope, idem.key]);
}

export function sendError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  details?: unknown,
) {
  return reply.code(status).send(details === undefined ? { code, message } : { code, message, details });
}

export type { FastifyRequest };
