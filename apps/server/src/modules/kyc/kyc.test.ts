import { TEST_CARD_EXPIRY, TEST_CARDS } from '@yinbao/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, fund, signup, startTestServer, type TestServer } from '../../../../../test/helpers/server.ts';
import { verifiedCustomer } from './kyc.test-support.ts';
import { checkResidentId } from './resident-id.ts';

describe('resident identity number (GB 11643)', () => {
  const today = new Date('2026-11-23');
  it.each([
    ['11010519491231002X', true],
    ['11010519491231002x', true],
    ['440524188001010014', false], // checksum right, born 1880
    ['310115199003071239', true],
    ['110105194912310021', false],
    ['310115199003071238', false],
    ['310115199002301236', false],
    ['31011520990307123X', false],
    ['010115199003071239', false],
    ['3101151990030712', false],
  ])('%s → %s', (id, valid) => {
    expect(checkResidentId(id, today).ok).toBe(valid);
  });
});

describe('KYC upgrade flow (A2)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ background: false, cardNetwork: { decisionDelayMs: 5 } });
  });
  afterAll(async () => {
    await s.stop();
  });
  const post = (token: string, url: string, payload: Record<string, unknown>) =>
    s.app.inject({ method: 'POST', url, headers: auth(token), payload });
  const limits = async (token: string, walletId: string) =>
    (await s.app.inject({ url: `/v1/wallets/${walletId}`, headers: auth(token) })).json().limits;

  it('once a real-name ID is on file, the payment PIN cannot be the birthday', async () => {
    const c = await verifiedCustomer(s, '13500000299'); // born 1990-03-07
    const setPin = (pin: string) =>
      s.app.inject({
        method: 'PUT',
        url: '/v1/me/pin',
        headers: auth(c.token),
        payload: { pin, password: 'correct horse battery' },
      });
    for (const pin of ['900307', '030790', '070390', '199003', '030719']) {
      expect((await setPin(pin)).json().code, pin).toBe('PIN_TOO_SIMPLE');
    }
    expect((await setPin('582913')).statusCode).toBe(200);
  });

  it('raises the tier and its limits step by step; the ID is encrypted and one wallet per ID', async () => {
    const a = await signup(s, '13500000201');
    const b = await signup(s, '13500000202');
    expect((await s.app.inject({ url: '/v1/me/kyc', headers: auth(a.token) })).json()).toMatchObject({
      tier: 4,
      identity: null,
      next: {
        tier: 3,
        // What Class III allows (null: no annual limit), as money like the wallet's own limits.
        limits: {
          balanceCap: { amount: '20000.00', currency: 'CNY' },
          singleLimit: { amount: '5000.00', currency: 'CNY' },
          dailyLimit: { amount: '10000.00', currency: 'CNY' },
          annualLimit: null,
        },
      },
    });
    expect(
      (await post(a.token, '/v1/me/kyc/identity', { name: '张伟', idNumber: '310115199003071238' })).json()
        .code,
    ).toBe('INVALID_ID_NUMBER');
    const v = await post(a.token, '/v1/me/kyc/identity', { name: '张伟', idNumber: '310115199003071239' });
    expect(v.json()).toEqual({ tier: 3 });
    expect((await limits(a.token, a.walletId)).balanceCap.amount).toBe('20000.00');
    const st = (await s.app.inject({ url: '/v1/me/kyc', headers: auth(a.token) })).json();
    expect(st.identity).toEqual({ name: '*伟', idNumber: '**************1239', bankCardVerified: false });
    const { rows } = await s.db.pool.query(
      'SELECT id_ciphertext, name_ciphertext FROM kyc_identities WHERE customer_id = $1',
      [a.customerId],
    );
    expect(Buffer.from(rows[0].id_ciphertext).toString('latin1')).not.toContain('310115199003071239');
    expect(
      (await post(b.token, '/v1/me/kyc/identity', { name: '张伟', idNumber: '310115199003071239' })).json()
        .code,
    ).toBe('ID_ALREADY_USED');
    expect(
      (await post(a.token, '/v1/me/kyc/identity', { name: '张伟', idNumber: '11010519491231002X' })).json()
        .code,
    ).toBe('KYC_ALREADY_VERIFIED');

    // A card in another name does not count; one in the verified name raises to Class II.
    const bind = async (pan: string, holderName: string) =>
      (await post(a.token, '/v1/cards', { pan, expiry: TEST_CARD_EXPIRY, holderName })).json().id as string;
    const other = await bind(TEST_CARDS.approveVisa, '李娜');
    expect((await post(a.token, '/v1/me/kyc/bank-card', { cardId: other })).json().code).toBe(
      'CARD_NAME_MISMATCH',
    );
    const own = await bind(TEST_CARDS.approve, '张 伟');
    expect((await post(a.token, '/v1/me/kyc/bank-card', { cardId: own })).json()).toEqual({ tier: 2 });
    expect((await limits(a.token, a.walletId)).singleLimit.amount).toBe('50000.00');
    expect((await post(b.token, '/v1/me/kyc/bank-card', { cardId: own })).json().code).toBe(
      'KYC_IDENTITY_FIRST',
    );

    // The raised cap is real in the ledger: more than Class IV's ¥10,000 can now be held.
    await fund(s, a.walletId, 15_000_00n);
    const w = (await s.app.inject({ url: `/v1/wallets/${a.walletId}`, headers: auth(a.token) })).json();
    expect(w.balances[0].available).toBe('15000.00');
  });
});
