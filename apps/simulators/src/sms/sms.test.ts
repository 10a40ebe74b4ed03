import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { httpClient } from '../card-network/test-utils.ts';
import { extractCode } from './code.ts';
import { createHttpSmsGateway } from './gateway.ts';
import type { StartedSmsSimulator } from './server.ts';
import { startSmsSimulator } from './server.ts';

const SECRET = 'sms-secret';
const ALICE = '+8613800138000';
const BOB = '+8613800138001';
const BROKEN = '+8613900000000';

let sim: StartedSmsSimulator;
let api: ReturnType<typeof httpClient>;

beforeAll(async () => {
  sim = await startSmsSimulator({ port: 0, secret: SECRET, failTo: [BROKEN] });
  api = httpClient(sim.url, SECRET);
});

afterAll(async () => {
  await sim?.close();
});

beforeEach(async () => {
  expect((await api.post('/_control/reset')).status).toBe(200);
});

const q = encodeURIComponent;

/** A port nothing listens on: bind a random one, then close it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('sms simulator: send, list, latest', () => {
  it('accepts messages and lists them newest first', async () => {
    const first = await api.post('/v1/messages', { to: ALICE, text: 'Your Yinbao code is 111111' });
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ id: expect.stringMatching(/^sms_[0-9a-f]{20}$/), status: 'accepted' });
    const second = await api.post('/v1/messages', { to: BOB, text: 'Hello Bob', reference: 'ref-b' });
    expect(second.status).toBe(202);
    const third = await api.post('/v1/messages', { to: ALICE, text: 'Your Yinbao code is 222222' });
    expect(third.status).toBe(202);
    expect(new Set([first.body.id, second.body.id, third.body.id]).size).toBe(3);

    const all = await api.get('/_control/messages');
    expect(all.status).toBe(200);
    expect(all.body.items.map((m: { id: string }) => m.id)).toEqual([
      third.body.id,
      second.body.id,
      first.body.id,
    ]);
    expect(all.body.items[1]).toEqual({
      id: second.body.id,
      to: BOB,
      text: 'Hello Bob',
      reference: 'ref-b',
      receivedAt: expect.any(String),
    });
    expect(Number.isNaN(Date.parse(all.body.items[1].receivedAt))).toBe(false);
    expect(all.body.items[0]).not.toHaveProperty('reference');

    const alice = await api.get(`/_control/messages?to=${q(ALICE)}`);
    expect(alice.body.items.map((m: { text: string }) => m.text)).toEqual([
      'Your Yinbao code is 222222',
      'Your Yinbao code is 111111',
    ]);
    // An unencoded `+` decodes to a space; the simulator still understands it.
    const unencoded = await api.get(`/_control/messages?to=${ALICE}&limit=1`);
    expect(unencoded.status).toBe(200);
    expect(unencoded.body.items).toHaveLength(1);
    expect(unencoded.body.items[0].id).toBe(third.body.id);

    const latest = await api.get(`/_control/messages/latest?to=${q(ALICE)}`);
    expect(latest.status).toBe(200);
    expect(latest.body).toMatchObject({ id: third.body.id, to: ALICE, text: 'Your Yinbao code is 222222' });
    expect(extractCode(latest.body.text)).toBe('222222');

    const newestOverall = await api.get('/_control/messages/latest');
    expect(newestOverall.body.id).toBe(third.body.id);

    const none = await api.get(`/_control/messages/latest?to=${q('+8613700000000')}`);
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('NOT_FOUND');
    expect((await api.get(`/_control/messages?to=${q('+8613700000000')}`)).body).toEqual({ items: [] });

    expect(sim.state.size).toBe(3);
    expect(sim.state.latest(BOB)?.text).toBe('Hello Bob');
  });

  it('applies the default limit of 20 and validates limit and to', async () => {
    for (let i = 0; i < 25; i += 1) {
      expect((await api.post('/v1/messages', { to: ALICE, text: `message ${i}` })).status).toBe(202);
    }
    const page = await api.get('/_control/messages');
    expect(page.body.items).toHaveLength(20);
    expect(page.body.items[0].text).toBe('message 24');
    expect((await api.get('/_control/messages?limit=100')).body.items).toHaveLength(25);
    for (const limit of ['0', '101', 'abc', '-1', '1.5']) {
      const bad = await api.get(`/_control/messages?limit=${limit}`);
      expect(bad.status, limit).toBe(400);
      expect(bad.body.code, limit).toBe('INVALID_LIMIT');
    }
    const badTo = await api.get('/_control/messages?to=alice');
    expect(badTo.status).toBe(400);
    expect(badTo.body.code).toBe('INVALID_PHONE_NUMBER');
  });

  it('stamps receivedAt with the injected clock', async () => {
    const fixed = new Date('2030-01-02T03:04:05.000Z');
    const other = await startSmsSimulator({ port: 0, now: () => fixed });
    try {
      const client = httpClient(other.url, 'sim-secret');
      expect((await client.post('/v1/messages', { to: ALICE, text: 'hi' })).status).toBe(202);
      expect((await client.get('/_control/messages/latest')).body.receivedAt).toBe(fixed.toISOString());
    } finally {
      await other.close();
    }
  });
});

describe('sms simulator: idempotency', () => {
  it('replays the same reference and body, and refuses a different body', async () => {
    const body = { to: ALICE, text: 'Your code is 123456', reference: 'otp-1' };
    const first = await api.post('/v1/messages', body);
    expect(first.status).toBe(202);
    expect(first.headers.get('idempotent-replay')).toBeNull();

    const replay = await api.post('/v1/messages', body);
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.get('idempotent-replay')).toBe('true');
    expect(sim.state.size).toBe(1);

    const otherText = await api.post('/v1/messages', { ...body, text: 'Your code is 654321' });
    expect(otherText.status).toBe(409);
    expect(otherText.body.code).toBe('IDEMPOTENCY_CONFLICT');
    const otherNumber = await api.post('/v1/messages', { ...body, to: BOB });
    expect(otherNumber.status).toBe(409);
    expect(otherNumber.body.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(sim.state.size).toBe(1);

    // Without a reference every POST is a new message.
    await api.post('/v1/messages', { to: ALICE, text: 'same' });
    await api.post('/v1/messages', { to: ALICE, text: 'same' });
    expect(sim.state.size).toBe(3);
  });
});

describe('sms simulator: auth', () => {
  it('requires the bearer secret everywhere except /healthz', async () => {
    const anonymous = httpClient(sim.url, undefined);
    const wrong = httpClient(sim.url, 'not-the-secret');
    for (const client of [anonymous, wrong]) {
      const send = await client.post('/v1/messages', { to: ALICE, text: 'hi' });
      expect(send.status).toBe(401);
      expect(send.body.code).toBe('UNAUTHORIZED');
      expect((await client.get('/_control/messages')).status).toBe(401);
      expect((await client.get('/_control/messages/latest')).status).toBe(401);
      expect((await client.post('/_control/reset')).status).toBe(401);
    }
    expect(sim.state.size).toBe(0);
    const health = await anonymous.get('/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
  });
});

describe('sms simulator: validation', () => {
  const cases: Array<[string, unknown, string]> = [
    ['number without +', { to: '8613800138000', text: 'hi' }, 'INVALID_PHONE_NUMBER'],
    ['number with letters', { to: '+86138001380ab', text: 'hi' }, 'INVALID_PHONE_NUMBER'],
    ['number too short', { to: '+1234567', text: 'hi' }, 'INVALID_PHONE_NUMBER'],
    ['number too long', { to: '+1234567890123456', text: 'hi' }, 'INVALID_PHONE_NUMBER'],
    ['number as JSON number', { to: 8613800138000, text: 'hi' }, 'INVALID_PHONE_NUMBER'],
    ['missing number', { text: 'hi' }, 'INVALID_PHONE_NUMBER'],
    ['empty text', { to: ALICE, text: '' }, 'INVALID_TEXT'],
    ['blank text', { to: ALICE, text: '   ' }, 'INVALID_TEXT'],
    ['501-char text', { to: ALICE, text: 'x'.repeat(501) }, 'INVALID_TEXT'],
    ['missing text', { to: ALICE }, 'INVALID_TEXT'],
    ['65-char reference', { to: ALICE, text: 'hi', reference: 'r'.repeat(65) }, 'INVALID_REFERENCE'],
    ['empty reference', { to: ALICE, text: 'hi', reference: '' }, 'INVALID_REFERENCE'],
    ['array body', [], 'VALIDATION_ERROR'],
  ];
  it.each(cases)('rejects %s with 400', async (_name, body, code) => {
    const res = await api.post('/v1/messages', body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code, message: expect.any(String) });
    expect(sim.state.size).toBe(0);
  });

  it('rejects malformed JSON and accepts the boundaries', async () => {
    const bad = await api.postRaw('/v1/messages', '{"to":');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_JSON');
    const max = await api.post('/v1/messages', {
      to: '+12345678',
      text: '码'.repeat(500),
      reference: 'r'.repeat(64),
    });
    expect(max.status).toBe(202);
    expect((await api.post('/v1/messages', { to: '+123456789012345', text: 'x' })).status).toBe(202);
  });
});

describe('sms simulator: delivery failure and the HTTP gateway client', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('answers 502 DELIVERY_FAILED for failTo numbers and stores nothing', async () => {
    const res = await api.post('/v1/messages', { to: BROKEN, text: 'Your code is 123456' });
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('DELIVERY_FAILED');
    expect(sim.state.size).toBe(0);
  });

  it('sends through the gateway and maps failures without throwing or logging', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation(() => {}),
    );
    const gateway = createHttpSmsGateway({ url: () => `${sim.url}/`, secret: SECRET });

    const sent = await gateway.send(ALICE, 'Your Yinbao code is 987654', 'login-42');
    expect(sent).toEqual({ ok: true, id: expect.stringMatching(/^sms_/) });
    const stored = sim.state.latest(ALICE);
    expect(stored).toMatchObject({ to: ALICE, reference: 'login-42' });
    expect(sent.ok && stored?.id === sent.id).toBe(true);
    expect(extractCode(stored?.text ?? '')).toBe('987654');
    // Replay through the gateway gives the same id.
    expect(await gateway.send(ALICE, 'Your Yinbao code is 987654', 'login-42')).toEqual(sent);

    expect(await gateway.send(BROKEN, 'Your Yinbao code is 111111')).toEqual({
      ok: false,
      reason: 'rejected',
    });
    expect(await gateway.send('not-a-number', 'hi')).toEqual({ ok: false, reason: 'rejected' });
    expect(await gateway.send(ALICE, 'different', 'login-42')).toEqual({ ok: false, reason: 'rejected' });

    const wrongSecret = createHttpSmsGateway({ url: () => sim.url, secret: 'nope' });
    expect(await wrongSecret.send(ALICE, 'hi')).toEqual({ ok: false, reason: 'unavailable' });

    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it('reports unavailable for an unreachable, unset, invalid or slow gateway', async () => {
    const port = await closedPort();
    const unreachable = createHttpSmsGateway({ url: () => `http://127.0.0.1:${port}`, secret: SECRET });
    expect(await unreachable.send(ALICE, 'Your code is 123456')).toEqual({
      ok: false,
      reason: 'unavailable',
    });

    const unset = createHttpSmsGateway({ url: () => undefined, secret: SECRET });
    expect(await unset.send(ALICE, 'hi')).toEqual({ ok: false, reason: 'unavailable' });

    const invalid = createHttpSmsGateway({ url: () => 'not a url', secret: SECRET });
    expect(await invalid.send(ALICE, 'hi')).toEqual({ ok: false, reason: 'unavailable' });

    const throwing = createHttpSmsGateway({
      url: () => {
        throw new Error('config exploded');
      },
      secret: SECRET,
    });
    expect(await throwing.send(ALICE, 'hi')).toEqual({ ok: false, reason: 'unavailable' });

    // A server that accepts the connection but never answers.
    const hanging = createServer(() => {});
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    try {
      const { port: hangingPort } = hanging.address() as AddressInfo;
      const slow = createHttpSmsGateway({
        url: () => `http://127.0.0.1:${hangingPort}`,
        secret: SECRET,
        timeoutMs: 100,
      });
      const started = Date.now();
      expect(await slow.send(ALICE, 'hi')).toEqual({ ok: false, reason: 'unavailable' });
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  });

  it('honours failTo numbers added at runtime', async () => {
    sim.state.failTo.add(BOB);
    try {
      expect((await api.post('/v1/messages', { to: BOB, text: 'hi' })).status).toBe(502);
    } finally {
      sim.state.failTo.delete(BOB);
    }
    expect((await api.post('/v1/messages', { to: BOB, text: 'hi' })).status).toBe(202);
  });
});

describe('sms simulator: reset', () => {
  it('clears messages and references but keeps failTo', async () => {
    await api.post('/v1/messages', { to: ALICE, text: 'one', reference: 'r-1' });
    await api.post('/v1/messages', { to: BOB, text: 'two' });
    expect(sim.state.size).toBe(2);

    const reset = await api.post('/_control/reset');
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({ ok: true });
    expect((await api.get('/_control/messages')).body).toEqual({ items: [] });
    expect((await api.get('/_control/messages/latest')).status).toBe(404);

    // The reference is free again.
    const reused = await api.post('/v1/messages', { to: BOB, text: 'another body', reference: 'r-1' });
    expect(reused.status).toBe(202);
    expect(reused.headers.get('idempotent-replay')).toBeNull();
    expect((await api.post('/v1/messages', { to: BROKEN, text: 'x' })).status).toBe(502);
  });
});

describe('extractCode', () => {
  it('finds the first run of exactly six digits', () => {
    expect(extractCode('Your Yinbao code is 123456. Do not share it.')).toBe('123456');
    expect(extractCode('123456')).toBe('123456');
    expect(extractCode('【银宝】验证码654321，5分钟内有效')).toBe('654321');
    expect(extractCode('Order 12345678 confirmed, code 000123')).toBe('000123');
    expect(extractCode('codes 111111 and 222222')).toBe('111111');
    expect(extractCode('12345 and 1234567')).toBeNull();
    expect(extractCode('no digits here')).toBeNull();
    expect(extractCode('')).toBeNull();
    expect(extractCode('１２３４５６')).toBeNull();
  });
});
