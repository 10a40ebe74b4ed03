import { signPayload, verifySignature } from '@yinbao/signature';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brandOf, isExpired, isValidPan, scenarioOf, TEST_CARD_EXPIRY, TEST_CARDS } from './cards.ts';
import type { StartedCardNetworkSimulator } from './server.ts';
import { startCardNetworkSimulator } from './server.ts';
import { httpClient } from './test-utils.ts';

const SECRET = 'api-secret';
let sim: StartedCardNetworkSimulator;
let api: ReturnType<typeof httpClient>;

beforeAll(async () => {
  sim = await startCardNetworkSimulator({ port: 0, secret: SECRET, decisionDelayMs: 5 });
  api = httpClient(sim.url, SECRET);
});

afterAll(async () => {
  await sim?.close();
});

const validAuth = {
  id: 'api-ref-1',
  type: 'pull',
  pan: TEST_CARDS.timeout,
  expiry: TEST_CARD_EXPIRY,
  amount: '100',
  currency: 'CNY',
  callbackUrl: 'http://127.0.0.1:9/cb',
};

describe('card-network simulator: catalogue', () => {
  it('lists Luhn-valid PANs whose suffix selects the named scenario', () => {
    const expected: Record<string, string> = {
      approve: 'approve',
      approveVisa: 'approve',
      approveMastercard: 'approve',
      approveMastercard2Series: 'approve',
      insufficientFunds: 'insufficient_funds',
      expiredCard: 'expired_card',
      doNotHonour: 'do_not_honour',
      timeout: 'timeout',
      late: 'late',
      duplicate: 'duplicate',
      slowAccept: 'slow_accept',
      verifyDecline: 'verify_decline',
    };
    for (const [name, pan] of Object.entries(TEST_CARDS)) {
      if (name === 'invalidLuhn') {
        expect(isValidPan(pan)).toBe(false);
        continue;
      }
      expect(isValidPan(pan), name).toBe(true);
      expect(scenarioOf(pan), name).toBe(expected[name]);
    }
    expect(brandOf('6222021000040001')).toBe('unionpay');
    expect(brandOf('2720990000000007')).toBe('mastercard');
    expect(brandOf('378282246310005')).toBe('amex');
    expect(isExpired('12/99', new Date())).toBe(false);
    expect(isExpired('03/24', new Date(Date.UTC(2024, 2, 31, 23, 59)))).toBe(false);
    expect(isExpired('03/24', new Date(Date.UTC(2024, 3, 1)))).toBe(true);
  });
});

describe('card-network simulator: HTTP API', () => {
  it('serves /healthz without auth', async () => {
    expect((await httpClient(sim.url, undefined).get('/healthz')).status).toBe(200);
  });

  it('rejects requests without the bearer secret with 401', async () => {
    for (const client of [httpClient(sim.url, undefined), httpClient(sim.url, 'wrong')]) {
      expect((await client.post('/v1/authorizations', validAuth)).status).toBe(401);
      expect((await client.post('/v1/cards/verify', {})).status).toBe(401);
      expect((await client.get('/v1/authorizations/x')).status).toBe(401);
      expect((await client.get('/_control/authorizations')).status).toBe(401);
      const res = await client.post('/_control/reset');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHORIZED');
    }
  });

  it('verifies cards: brand, bank, last4, and rejections', async () => {
    const verify = (pan: string, expiry = TEST_CARD_EXPIRY) =>
      api.post('/v1/cards/verify', { pan, expiry, holderName: 'Zhang San' });
    expect((await verify(TEST_CARDS.approve)).body).toEqual({
      result: 'verified',
      brand: 'unionpay',
      bankName: 'Industrial and Commercial Bank of China',
      last4: '0001',
    });
    expect((await verify(TEST_CARDS.approveVisa)).body).toMatchObject({ result: 'verified', brand: 'visa' });
    expect((await verify(TEST_CARDS.approveMastercard2Series)).body.brand).toBe('mastercard');
    expect((await verify(TEST_CARDS.doNotHonour)).body.result).toBe('verified');
    expect((await verify(TEST_CARDS.invalidLuhn)).body).toEqual({
      result: 'rejected',
      reason: 'invalid_pan',
    });
    expect((await verify('1234')).body).toEqual({ result: 'rejected', reason: 'invalid_pan' });
    expect((await verify(TEST_CARDS.approve, '01/20')).body).toEqual({
      result: 'rejected',
      reason: 'expired_card',
    });
    expect((await verify(TEST_CARDS.verifyDecline)).body).toEqual({
      result: 'rejected',
      reason: 'do_not_honour',
    });
    expect((await verify(TEST_CARDS.approve, '13/30')).status).toBe(400);
    const noName = await api.post('/v1/cards/verify', { pan: TEST_CARDS.approve, expiry: TEST_CARD_EXPIRY });
    expect(noName.status).toBe(400);
  });

  it.each([
    ['bad Luhn', { pan: TEST_CARDS.invalidLuhn }, 'INVALID_PAN'],
    ['short PAN', { pan: '4242424242' }, 'INVALID_PAN'],
    ['amount "0"', { amount: '0' }, 'INVALID_AMOUNT'],
    ['amount "-1"', { amount: '-1' }, 'INVALID_AMOUNT'],
    ['amount "1.5"', { amount: '1.5' }, 'INVALID_AMOUNT'],
    ['amount "1e3"', { amount: '1e3' }, 'INVALID_AMOUNT'],
    ['amount "007"', { amount: '007' }, 'INVALID_AMOUNT'],
    ['huge amount', { amount: '99999999999999999999999' }, 'INVALID_AMOUNT'],
    ['numeric amount', { amount: 100 }, 'INVALID_AMOUNT'],
    ['lower-case currency', { currency: 'cny' }, 'INVALID_CURRENCY'],
    ['bad expiry', { expiry: '2030-12' }, 'INVALID_EXPIRY'],
    ['bad type', { type: 'refund' }, 'VALIDATION_ERROR'],
    ['id too long', { id: 'x'.repeat(65) }, 'VALIDATION_ERROR'],
    ['bad callbackUrl', { callbackUrl: 'ftp://example.com/cb' }, 'INVALID_CALLBACK_URL'],
  ])('rejects %s with 400', async (_name, override, code) => {
    const res = await api.post('/v1/authorizations', { ...validAuth, ...override });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code, message: expect.any(String) });
  });

  it('rejects malformed JSON with 400 {code, message}', async () => {
    const res = await api.postRaw('/v1/authorizations', '{"id":');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 'INVALID_JSON', message: expect.any(String) });
  });

  it('accepts the largest allowed amount (15 digits)', async () => {
    const res = await api.post('/v1/authorizations', { ...validAuth, id: 'api-max', amount: '9'.repeat(15) });
    expect(res.status).toBe(202);
  });

  it('control: sets and reads card balances, lists authorizations, resets', async () => {
    const set = await api.post('/_control/cards', {
      pan: TEST_CARDS.approveVisa,
      balance: '42',
      expiry: '10/31',
    });
    expect(set.body).toMatchObject({ balance: '42', expiry: '10/31', brand: 'visa' });
    expect((await api.get(`/_control/cards/${TEST_CARDS.approveVisa}`)).body.balance).toBe('42');
    expect((await api.get(`/_control/cards/${TEST_CARDS.invalidLuhn}`)).status).toBe(400);
    expect((await api.post('/_control/cards', { pan: TEST_CARDS.approve, balance: '-5' })).status).toBe(400);
    await api.post('/v1/authorizations', { ...validAuth, id: 'api-listed' });
    const listed = await api.get('/_control/authorizations');
    expect(listed.body.authorizations.map((a: { id: string }) => a.id)).toContain('api-listed');
    expect(JSON.stringify(listed.body)).not.toContain(TEST_CARDS.timeout);
    expect((await api.post('/_control/reset')).status).toBe(200);
    expect((await api.get('/_control/authorizations')).body.authorizations).toEqual([]);
    expect((await api.get(`/_control/cards/${TEST_CARDS.approveVisa}`)).body.balance).toBe('100000000');
  });
});

describe('verifySignature', () => {
  const body = '{"id":"x","status":"approved"}';
  it('accepts a fresh signature and rejects tampering, wrong secrets, stale and malformed headers', () => {
    const now = 1_700_000_000;
    const header = signPayload('s3cret', body, now);
    expect(verifySignature('s3cret', header, body, 300, now + 10)).toBe(true);
    expect(verifySignature('s3cret', header, Buffer.from(body), 300, now)).toBe(true);
    expect(verifySignature('other', header, body, 300, now)).toBe(false);
    expect(verifySignature('s3cret', header, body + ' ', 300, now)).toBe(false);
    expect(verifySignature('s3cret', header, body, 300, now + 301)).toBe(false);
    expect(verifySignature('s3cret', undefined, body)).toBe(false);
    expect(verifySignature('s3cret', 'garbage', body)).toBe(false);
    expect(verifySignature('s3cret', `t=${now}`, body, 300, now)).toBe(false);
    expect(verifySignature('s3cret', signPayload('s3cret', body), body)).toBe(true);
  });
});
