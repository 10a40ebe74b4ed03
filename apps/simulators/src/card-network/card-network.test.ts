import { verifySignature } from '@yinbao/signature';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_CARD_EXPIRY, TEST_CARDS } from './cards.ts';
import type { StartedCardNetworkSimulator } from './server.ts';
import { startCardNetworkSimulator } from './server.ts';
import type { CallbackReceiver } from './test-utils.ts';
import { httpClient, sleep, startReceiver, waitFor } from './test-utils.ts';

const SECRET = 'test-secret';
const LATE_MS = 250;
const SLOW_MS = 300;

let sim: StartedCardNetworkSimulator;
let receiver: CallbackReceiver;
let api: ReturnType<typeof httpClient>;
let seq = 0;

beforeAll(async () => {
  receiver = await startReceiver();
  sim = await startCardNetworkSimulator({
    port: 0,
    secret: SECRET,
    decisionDelayMs: 10,
    lateDelayMs: LATE_MS,
    slowAcceptMs: SLOW_MS,
    callbackRetry: { baseDelayMs: 20 },
  });
  api = httpClient(sim.url, SECRET);
});

afterAll(async () => {
  await sim?.close();
  await receiver?.close();
});

beforeEach(async () => {
  await api.post('/_control/reset');
  receiver.received.length = 0;
  receiver.failNext(0);
});

function authBody(pan: string, overrides: Record<string, unknown> = {}) {
  seq += 1;
  return {
    id: `wallet-ref-${seq}`,
    type: 'pull',
    pan,
    expiry: TEST_CARD_EXPIRY,
    amount: '10000',
    currency: 'CNY',
    callbackUrl: receiver.url,
    ...overrides,
  };
}

async function balance(pan: string): Promise<string> {
  return (await api.get(`/_control/cards/${pan}`)).body.balance;
}

async function authorizeAndWait(body: ReturnType<typeof authBody>) {
  const res = await api.post('/v1/authorizations', body);
  expect(res.status).toBe(202);
  const [callback] = await waitFor(() => receiver.forId(body.id).length > 0 && receiver.forId(body.id));
  return { res, callback: callback! };
}

describe('card-network simulator: authorizations', () => {
  it('approves a pull, debits the card and calls back with a signed body', async () => {
    const body = authBody(TEST_CARDS.approve);
    const { res, callback } = await authorizeAndWait(body);
    expect(res.body).toEqual({ id: body.id, networkRef: expect.stringMatching(/^cn_/), status: 'pending' });
    expect(callback.body).toEqual({
      id: body.id,
      networkRef: res.body.networkRef,
      type: 'pull',
      status: 'approved',
      amount: '10000',
      currency: 'CNY',
      decidedAt: expect.any(String),
    });
    expect(await balance(TEST_CARDS.approve)).toBe('99990000');
    const signature = String(callback.headers['x-signature']);
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(SECRET, signature, callback.rawBody)).toBe(true);
    expect(verifySignature('another-secret', signature, callback.rawBody)).toBe(false);
    expect(verifySignature(SECRET, signature, callback.rawBody.replace('10000', '10001'))).toBe(false);
    const polled = await api.get(`/v1/authorizations/${body.id}`);
    expect(polled.body).toMatchObject({ status: 'approved', last4: '0001', callbacksDelivered: 1 });
  });

  it('approves a push and credits the card', async () => {
    const body = authBody(TEST_CARDS.approveVisa, { type: 'push', amount: '2550' });
    const { callback } = await authorizeAndWait(body);
    expect(callback.body).toMatchObject({ type: 'push', status: 'approved', amount: '2550' });
    expect(await balance(TEST_CARDS.approveVisa)).toBe('100002550');
  });

  it.each([
    ['insufficient funds scenario', TEST_CARDS.insufficientFunds, {}, 'insufficient_funds'],
    ['expired-card scenario', TEST_CARDS.expiredCard, {}, 'expired_card'],
    ['supplied expiry in the past', TEST_CARDS.approve, { expiry: '01/20' }, 'expired_card'],
    ['do-not-honour scenario', TEST_CARDS.doNotHonour, {}, 'do_not_honour'],
    ['do-not-honour push', TEST_CARDS.doNotHonour, { type: 'push' }, 'do_not_honour'],
  ] as const)('declines: %s', async (_name, pan, overrides, reason) => {
    const body = authBody(pan, overrides);
    const { callback } = await authorizeAndWait(body);
    expect(callback.body).toMatchObject({ id: body.id, status: 'declined', reason });
    expect(await balance(pan)).toBe('100000000');
    expect((await api.get(`/v1/authorizations/${body.id}`)).body).toMatchObject({
      status: 'declined',
      reason,
    });
  });

  it('declines a pull larger than the balance, but approves pushes on the insufficient-funds card', async () => {
    await api.post('/_control/cards', { pan: TEST_CARDS.approve, balance: '500' });
    const pull = await authorizeAndWait(authBody(TEST_CARDS.approve, { amount: '501' }));
    expect(pull.callback.body).toMatchObject({ status: 'declined', reason: 'insufficient_funds' });
    expect(await balance(TEST_CARDS.approve)).toBe('500');
    const push = await authorizeAndWait(authBody(TEST_CARDS.insufficientFunds, { type: 'push' }));
    expect(push.callback.body).toMatchObject({ status: 'approved' });
  });

  it('declines with expired_card once the card expiry is set in the past via control', async () => {
    await api.post('/_control/cards', { pan: TEST_CARDS.approve, balance: '100000000', expiry: '06/21' });
    const { callback } = await authorizeAndWait(authBody(TEST_CARDS.approve));
    expect(callback.body).toMatchObject({ status: 'declined', reason: 'expired_card' });
  });

  it('timeout: never calls back and the record stays pending', async () => {
    const body = authBody(TEST_CARDS.timeout);
    expect((await api.post('/v1/authorizations', body)).status).toBe(202);
    await sleep(300);
    expect(receiver.forId(body.id)).toHaveLength(0);
    expect((await api.get(`/v1/authorizations/${body.id}`)).body).toMatchObject({ status: 'pending' });
    expect(await balance(TEST_CARDS.timeout)).toBe('100000000');
  });

  it('late: decides on time (pollable) but calls back only after lateDelayMs', async () => {
    const body = authBody(TEST_CARDS.late);
    const started = Date.now();
    expect((await api.post('/v1/authorizations', body)).status).toBe(202);
    await sleep(100);
    expect(receiver.forId(body.id)).toHaveLength(0);
    expect((await api.get(`/v1/authorizations/${body.id}`)).body.status).toBe('approved');
    const [callback] = await waitFor(() => receiver.forId(body.id).length > 0 && receiver.forId(body.id));
    expect(callback!.at - started).toBeGreaterThanOrEqual(LATE_MS);
    expect(callback!.body).toMatchObject({ status: 'approved' });
  });

  it('duplicate: calls back twice with an identical body, moving money once', async () => {
    const body = authBody(TEST_CARDS.duplicate);
    expect((await api.post('/v1/authorizations', body)).status).toBe(202);
    const both = await waitFor(() => receiver.forId(body.id).length === 2 && receiver.forId(body.id));
    expect(both[0]!.rawBody).toBe(both[1]!.rawBody);
    expect(verifySignature(SECRET, String(both[1]!.headers['x-signature']), both[1]!.rawBody)).toBe(true);
    expect(await balance(TEST_CARDS.duplicate)).toBe('99990000');
  });

  it('slow-accept: the POST takes slowAcceptMs to answer', async () => {
    const started = Date.now();
    const res = await api.post('/v1/authorizations', authBody(TEST_CARDS.slowAccept));
    expect(res.status).toBe(202);
    expect(Date.now() - started).toBeGreaterThanOrEqual(SLOW_MS - 20);
  });

  it('is idempotent by id: same body replays, different body conflicts', async () => {
    const body = authBody(TEST_CARDS.approve);
    const first = await authorizeAndWait(body);
    const replay = await api.post('/v1/authorizations', body);
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual(first.res.body);
    expect(replay.headers.get('idempotent-replay')).toBe('true');
    const conflict = await api.post('/v1/authorizations', { ...body, amount: '20000' });
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('IDEMPOTENCY_CONFLICT');
    await sleep(100);
    expect(receiver.forId(body.id)).toHaveLength(1);
    expect(await balance(TEST_CARDS.approve)).toBe('99990000');
    expect((await api.get('/_control/authorizations')).body.authorizations).toHaveLength(1);
  });

  it('retries callbacks with backoff on non-2xx and records the attempts', async () => {
    receiver.failNext(2);
    const body = authBody(TEST_CARDS.approve);
    await authorizeAndWait(body);
    const record = (await api.get(`/v1/authorizations/${body.id}`)).body;
    expect(record.callbackAttempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 500, 204]);
    expect(record.callbacksDelivered).toBe(1);
  });

  it('records failed attempts when the callback URL is unreachable', async () => {
    const body = authBody(TEST_CARDS.approve, { callbackUrl: 'http://127.0.0.1:9/nowhere' });
    await api.post('/v1/authorizations', body);
    await waitFor(() => sim.state.getAuthorization(body.id)?.callbackAttempts.length === 5);
    await sleep(200);
    const record = sim.state.getAuthorization(body.id)!;
    expect(record.callbackAttempts).toHaveLength(5);
    expect(record.callbackAttempts.every((a) => !a.ok && a.error)).toBe(true);
    expect(record.callbacksDelivered).toBe(0);
    expect(record.status).toBe('approved');
  });

  it('reverses approved pulls and pushes idempotently; 409 when not approved; 404 when unknown', async () => {
    const pull = authBody(TEST_CARDS.approve, { amount: '7000' });
    await authorizeAndWait(pull);
    expect(await balance(TEST_CARDS.approve)).toBe('99993000');
    const reversed = await api.post(`/v1/authorizations/${pull.id}/reversal`);
    expect(reversed.status).toBe(200);
    expect(reversed.body).toMatchObject({ status: 'reversed', reversedAt: expect.any(String) });
    expect((await api.post(`/v1/authorizations/${pull.id}/reversal`)).status).toBe(200);
    expect(await balance(TEST_CARDS.approve)).toBe('100000000');

    const push = authBody(TEST_CARDS.approveMastercard, { type: 'push', amount: '300' });
    await authorizeAndWait(push);
    await api.post(`/v1/authorizations/${push.id}/reversal`, {});
    expect(await balance(TEST_CARDS.approveMastercard)).toBe('100000000');

    const declined = authBody(TEST_CARDS.doNotHonour);
    await authorizeAndWait(declined);
    const notReversible = await api.post(`/v1/authorizations/${declined.id}/reversal`);
    expect(notReversible.status).toBe(409);
    expect(notReversible.body.code).toBe('NOT_REVERSIBLE');
    expect((await api.post('/v1/authorizations/nope/reversal')).status).toBe(404);
    expect((await api.get('/v1/authorizations/nope')).status).toBe(404);
  });
});
