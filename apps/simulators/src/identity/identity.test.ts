import { SIGNATURE_HEADER, verifySignature } from '@yinbao/signature';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { httpClient } from '../card-network/test-utils.ts';
import { decide } from './scenarios.ts';
import { MAX_SELFIE_BYTES } from './schemas.ts';
import { type StartedIdentitySimulator, startIdentitySimulator } from './server.ts';

const SECRET = 'idv-secret';
let sim: StartedIdentitySimulator;
let api: ReturnType<typeof httpClient>;
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const body = (reference: string, selfie: string, extra: Record<string, unknown> = {}) => ({
  reference,
  name: '张伟',
  idLast4: '1239',
  selfie: b64(selfie),
  ...extra,
});

/** POST with the raw answer, to check the signature over the exact bytes. */
async function postRaw(path: string, payload: unknown, secret = SECRET) {
  const res = await fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  return { status: res.status, raw: await res.text(), signature: res.headers.get(SIGNATURE_HEADER) };
}

beforeAll(async () => {
  sim = await startIdentitySimulator({ port: 0, secret: SECRET, faults: { slowMs: 300 } });
  api = httpClient(sim.url, SECRET);
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(async () => {
  expect((await api.post('/_control/reset')).status).toBe(200);
  await api.post('/_control/faults', { tamper: 'none', unavailable: false });
});

describe('identity-verification simulator', () => {
  it.each([
    ['MATCH selfie', 'match', 0.97],
    ['NOMATCH selfie', 'no_match', 0.18],
    ['SPOOF selfie', 'liveness_failed', null],
    ['UNSURE selfie', 'review', 0.74],
    ['SCORE=0.86 x', 'match', 0.86],
    ['SCORE=0.84 x', 'review', 0.84],
    ['SCORE=0.3', 'no_match', 0.3],
  ])('%s → %s, signed with the shared secret', async (selfie, verdict, score) => {
    const r = await postRaw('/v1/face-checks', body(`ref-${selfie}`, selfie));
    expect(r.status).toBe(200);
    expect(verifySignature(SECRET, r.signature, r.raw)).toBe(true);
    expect(verifySignature('other', r.signature, r.raw)).toBe(false);
    const j = JSON.parse(r.raw);
    expect(j).toMatchObject({ verdict, score, reference: `ref-${selfie}`, threshold: 0.85 });
    expect(j.id).toMatch(/^fc_[0-9a-f]{20}$/);
    const got = await api.get(`/v1/face-checks/${j.id}`);
    expect(got.body).toEqual(j);
  });

  it('any other image matches with a stable score; the selfie is kept only as size and SHA-256', async () => {
    const image = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5]);
    expect(decide(image, 'abcd').verdict).toBe('match');
    const r = await api.post('/v1/face-checks', { ...body('r1', ''), selfie: b64(image) });
    expect(r.body.verdict).toBe('match');
    const stored = (await api.get('/_control/face-checks/latest')).body;
    expect(stored.selfie).toEqual({ bytes: 9, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(stored.subject).toEqual({ maskedName: '*伟', idLast4: '1239' });
    expect(JSON.stringify(stored)).not.toContain(b64(image));
    expect(JSON.stringify(stored)).not.toContain('张伟');
  });

  it('is idempotent on the reference and refuses another body under it', async () => {
    const first = await api.post('/v1/face-checks', body('same', 'MATCH a'));
    const again = await api.post('/v1/face-checks', body('same', 'MATCH a'));
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replay')).toBe('true');
    const other = await api.post('/v1/face-checks', body('same', 'MATCH b'));
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(sim.state.size).toBe(1);
  });

  it('validates input and the bearer secret', async () => {
    const cases: Array<[unknown, string]> = [
      [{ ...body('x', 'MATCH'), selfie: 'not base64!' }, 'INVALID_SELFIE'],
      [{ ...body('x', 'MATCH'), selfie: b64(Buffer.alloc(MAX_SELFIE_BYTES + 1)) }, 'INVALID_SELFIE'],
      [{ reference: 'x', selfie: b64('MATCH') }, 'INVALID_SUBJECT'],
      [{ ...body('x', 'MATCH'), idLast4: '12' }, 'INVALID_SUBJECT'],
      [{ ...body('', 'MATCH') }, 'INVALID_REFERENCE'],
      [{ ...body('x', 'MATCH'), callbackUrl: 'ftp://x' }, 'INVALID_CALLBACK_URL'],
    ];
    for (const [b, code] of cases) {
      const r = await api.post('/v1/face-checks', b);
      expect([400, 413], code).toContain(r.status);
      if (r.status === 400) expect(r.body.code).toBe(code);
    }
    const anonymous = httpClient(sim.url, 'wrong');
    expect((await anonymous.post('/v1/face-checks', body('y', 'MATCH'))).status).toBe(401);
    expect((await anonymous.get('/_control/face-checks')).status).toBe(401);
    expect(sim.state.size).toBe(0);
  });

  it('faults: unavailable, tampered body, broken signature, slow answers', async () => {
    await api.post('/_control/faults', { unavailable: true });
    expect((await api.post('/v1/face-checks', body('u', 'MATCH'))).status).toBe(503);
    await api.post('/_control/faults', { unavailable: false, tamper: 'body' });
    const tampered = await postRaw('/v1/face-checks', body('t', 'NOMATCH'));
    expect(JSON.parse(tampered.raw)).toMatchObject({ verdict: 'match', score: 0.99 });
    expect(verifySignature(SECRET, tampered.signature, tampered.raw)).toBe(false);
    await api.post('/_control/faults', { tamper: 'signature' });
    const broken = await postRaw('/v1/face-checks', body('s', 'MATCH'));
    expect(verifySignature(SECRET, broken.signature, broken.raw)).toBe(false);
    await api.post('/_control/faults', { tamper: 'none' });
    const started = Date.now();
    expect((await api.post('/v1/face-checks', body('slow', 'SLOW'))).body.verdict).toBe('match');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('posts the signed result to callbackUrl when given', async () => {
    const received: Array<{ raw: string; signature: string | undefined }> = [];
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => {
        raw += c;
      });
      req.on('end', () => {
        received.push({ raw, signature: req.headers[SIGNATURE_HEADER] as string | undefined });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      await api.post('/v1/face-checks', body('cb', 'UNSURE', { callbackUrl: `http://127.0.0.1:${port}/cb` }));
      for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(received).toHaveLength(1);
      expect(verifySignature(SECRET, received[0]!.signature, received[0]!.raw)).toBe(true);
      expect(JSON.parse(received[0]!.raw).verdict).toBe('review');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
