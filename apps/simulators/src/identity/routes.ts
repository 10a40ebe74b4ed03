import { createHash } from 'node:crypto';
import { SIGNATURE_HEADER, signPayload } from '@yinbao/signature';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { bearerAuth } from '../card-network/routes.ts';
import { DEFAULT_REVIEW_FROM, DEFAULT_THRESHOLD, decide } from './scenarios.ts';
import {
  type FaceCheckBody,
  faceCheckBodySchema,
  faultsBodySchema,
  listQuerySchema,
  parseInput,
} from './schemas.ts';
import type { FaceCheckRecord, IdentityState } from './state.ts';

export interface IdentityRoutesOptions {
  state: IdentityState;
  secret: string;
  threshold?: number;
  reviewFrom?: number;
}

/** What callers see of a check: never the selfie, never the name. */
export function faceCheckView(r: FaceCheckRecord) {
  return {
    id: r.id,
    reference: r.reference,
    verdict: r.verdict,
    score: r.score,
    liveness: r.liveness,
    threshold: r.threshold,
    selfie: r.selfie,
    createdAt: r.createdAt,
  };
}

const maskName = (name: string) => {
  const chars = [...name.trim()];
  return chars.length <= 1 ? '*' : `${'*'.repeat(chars.length - 1)}${chars[chars.length - 1]}`;
};

function subjectOf(body: FaceCheckBody): FaceCheckRecord['subject'] {
  return body.idNumberHash !== undefined
    ? { idNumberHash: body.idNumberHash }
    : { maskedName: maskName(body.name ?? ''), idLast4: body.idLast4 ?? '' };
}

/**
 * Sends `body` as JSON with an `x-signature` over the exact bytes. Tampering (a test fault) stands
 * for an attacker between the services: `body` turns the answer into a strong match after signing,
 * `signature` breaks the signature itself.
 */
function sendSigned(
  reply: FastifyReply,
  state: IdentityState,
  secret: string,
  status: number,
  body: unknown,
) {
  const raw = JSON.stringify(body);
  let signature = signPayload(secret, raw);
  let sent = raw;
  if (state.faults.tamper === 'body') {
    sent = raw
      .replace(/"verdict":"[a-z_]+"/, '"verdict":"match"')
      .replace(/"score":[0-9.null]+/, '"score":0.99');
  } else if (state.faults.tamper === 'signature') {
    signature = signature.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
  }
  return reply.code(status).header(SIGNATURE_HEADER, signature).type('application/json').send(sent);
}

/** Waits `ms`, or less if the caller hangs up (so closing the simulator is not held up). */
function pause(request: FastifyRequest, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    const socket = request.raw.socket;
    function done() {
      clearTimeout(timer);
      socket.off('close', done);
      resolve();
    }
    socket.once('close', done);
  });
}

async function deliverCallback(state: IdentityState, secret: string, record: FaceCheckRecord) {
  if (!record.callbackUrl) return;
  const raw = JSON.stringify(faceCheckView(record));
  try {
    const res = await fetch(record.callbackUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signPayload(secret, raw) },
      body: raw,
      signal: AbortSignal.timeout(5000),
    });
    state.recordCallback(record.id, res.status);
  } catch {
    state.recordCallback(record.id, 'error');
  }
}

/** The wallet-facing API: `POST /v1/face-checks`, `GET /v1/face-checks/:id`. Answers are signed. */
export const identityRoutes: FastifyPluginAsync<IdentityRoutesOptions> = async (app, opts) => {
  const { state, secret } = opts;
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const reviewFrom = opts.reviewFrom ?? DEFAULT_REVIEW_FROM;
  app.addHook('onRequest', bearerAuth(secret));

  app.post('/v1/face-checks', async (request, reply) => {
    if (state.faults.unavailable) {
      return reply.code(503).send({ code: 'UNAVAILABLE', message: 'the comparison service is down' });
    }
    const parsed = parseInput(faceCheckBodySchema, request.body);
    if (!parsed.ok) return reply.code(400).send(parsed.error);
    const body = parsed.value;
    const selfie = Buffer.from(body.selfie, 'base64');
    const sha256 = createHash('sha256').update(selfie).digest('hex');
    const subject = subjectOf(body);

    const existing = state.findByReference(body.reference);
    if (existing) {
      if (existing.selfie.sha256 !== sha256 || JSON.stringify(existing.subject) !== JSON.stringify(subject)) {
        return reply.code(409).send({
          code: 'IDEMPOTENCY_CONFLICT',
          message: `face check ${body.reference} already exists with a different body`,
        });
      }
      reply.header('idempotent-replay', 'true');
      return sendSigned(reply, state, secret, 200, faceCheckView(existing));
    }

    const d = decide(selfie, sha256, threshold, reviewFrom);
    const record = state.add({
      reference: body.reference,
      subject,
      selfie: { bytes: selfie.length, sha256 },
      scenario: d.scenario,
      verdict: d.verdict,
      score: d.score,
      liveness: d.liveness,
      threshold,
      ...(body.callbackUrl !== undefined ? { callbackUrl: body.callbackUrl } : {}),
    });
    if (d.slow) await pause(request, state.faults.slowMs);
    void deliverCallback(state, secret, record);
    return sendSigned(reply, state, secret, 200, faceCheckView(record));
  });

  app.get<{ Params: { id: string } }>('/v1/face-checks/:id', async (request, reply) => {
    const record = state.get(request.params.id);
    if (!record) return reply.code(404).send({ code: 'NOT_FOUND', message: 'no such face check' });
    return sendSigned(reply, state, secret, 200, faceCheckView(record));
  });
};

/** Test/demo inspector (`/_control/*`), protected by the same bearer secret. */
export const identityControlRoutes: FastifyPluginAsync<IdentityRoutesOptions> = async (app, opts) => {
  const { state } = opts;
  app.addHook('onRequest', bearerAuth(opts.secret));

  app.get('/_control/face-checks', async (request, reply) => {
    const parsed = parseInput(listQuerySchema, request.query);
    if (!parsed.ok) return reply.code(400).send(parsed.error);
    const { reference, limit = 20 } = parsed.value;
    return reply.send({ items: state.list({ reference, limit }) });
  });

  app.get('/_control/face-checks/latest', async (_request, reply) => {
    const latest = state.list({ limit: 1 })[0];
    if (!latest) return reply.code(404).send({ code: 'NOT_FOUND', message: 'no face check' });
    return reply.send(latest);
  });

  app.post('/_control/faults', async (request, reply) => {
    const parsed = parseInput(faultsBodySchema, request.body);
    if (!parsed.ok) return reply.code(400).send(parsed.error);
    Object.assign(state.faults, parsed.value);
    return reply.send(state.faults);
  });

  app.post('/_control/reset', async (_request, reply) => {
    state.reset();
    return reply.send({ ok: true });
  });
};
