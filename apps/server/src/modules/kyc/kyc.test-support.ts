import { randomBytes } from 'node:crypto';
import { TEST_CARD_EXPIRY, TEST_CARDS } from '@yinbao/simulators';
import { expect } from 'vitest';
import { auth, signup, type TestServer } from '../../../../../test/helpers/server.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** A valid resident ID number (GB 11643) for sequence `n` (one wallet per ID: tests need many). */
export function residentId(n: number): string {
  const body = `31011519900307${String(n % 1000).padStart(3, '0')}`;
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + CHECK[sum % 11];
}

let seq = 0;

/** A selfie whose first word picks the simulator's scenario, followed by random "image" bytes. */
export const selfie = (scenario: string) =>
  Buffer.concat([Buffer.from(`${scenario} `), randomBytes(600)]).toString('base64');

export type Customer = Awaited<ReturnType<typeof signup>>;

/** Signs up and verifies the identity (Class III); with `card`, also a card in the same name (Class II). */
export async function verifiedCustomer(s: TestServer, phone: string, opts: { card?: boolean } = {}) {
  const c = await signup(s, phone);
  const post = (url: string, payload: Record<string, unknown>) =>
    s.app.inject({ method: 'POST', url, headers: auth(c.token), payload });
  const id = await post('/v1/me/kyc/identity', { name: '王芳', idNumber: residentId(++seq) });
  expect(id.json(), id.body).toEqual({ tier: 3 });
  if (opts.card) {
    const card = await post('/v1/cards', {
      pan: TEST_CARDS.approve,
      expiry: TEST_CARD_EXPIRY,
      holderName: '王芳',
    });
    expect(card.statusCode, card.body).toBe(201);
    const bound = await post('/v1/me/kyc/bank-card', { cardId: card.json().id });
    expect(bound.json(), bound.body).toEqual({ tier: 2 });
  }
  return c;
}

export const faceCheck = (s: TestServer, token: string, image: string) =>
  s.app.inject({
    method: 'POST',
    url: '/v1/me/kyc/face-check',
    headers: auth(token),
    payload: { selfie: image },
  });

export const kycStatus = async (s: TestServer, token: string) =>
  (await s.app.inject({ url: '/v1/me/kyc', headers: auth(token) })).json();

export const walletOf = async (s: TestServer, c: Customer) =>
  (await s.app.inject({ url: `/v1/wallets/${c.walletId}`, headers: auth(c.token) })).json();

export async function auditEvents(s: TestServer, subjectOrActor: string) {
  const { rows } = await s.db.pool.query(
    'SELECT actor, event, subject, data FROM audit_log WHERE subject = $1 OR actor = $1 OR data::text LIKE $2 ORDER BY seq',
    [subjectOrActor, `%${subjectOrActor}%`],
  );
  return rows as Array<{ actor: string; event: string; subject: string; data: Record<string, unknown> }>;
}

export async function notificationsOf(s: TestServer, c: Customer) {
  await s.outbox.runOnce();
  return (await s.app.inject({ url: '/v1/notifications', headers: auth(c.token) })).json().items as Array<{
    kind: string;
    title: string;
    body: string;
  }>;
}
