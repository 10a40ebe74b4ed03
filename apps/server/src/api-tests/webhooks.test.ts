import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseSignature, verifySignature } from '@yinbao/signature';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Json, phoneSource } from '../../../../test/helpers/api.ts';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.ts';
import { checkWebhookUrl, createWebhooksService, enqueueMerchantEvent } from '../modules/webhooks/index.ts';
import { rotateDataKey } from '../platform/key-rotation.ts';
import { masterKeyOf, startKeyring } from '../platform/keyring.ts';
import { inTransaction } from '../platform/sql.ts';

/**
 * Merchant webhooks (issue 5, item 7) on a real database with real receivers over HTTP: signed
 * deliveries that verify at the receiver, retries with back-off while the receiver is down (the
 * server's clock is moved forward), at least once with a stable event id, no event lost by a crash
 * between the commit and the delivery, secret rotation with an overlap, re-send, the delivery log,
 * owner-only access (anyone else's ids answer like missing ones) and secrets never stored or
 * logged in clear.
 */
let s: TestServer;
const logLines: string[] = [];
const phone = phoneSource('1580');
/** The server's clock runs `skew` ms ahead of the wall clock. */
let skew = 0;
const clock = () => new Date(Date.now() + skew);
type User = { token: string; customerId: string; phone: string };
let A: User;
let B: User;
let merchantA: string;
let merchantB: string;
/** Every secret an answer showed (none may be stored or logged in clear). */
const shownSecrets: string[] = [];

// A receiver in the test: records every request (raw body and headers), per path; answers by mode.
type Received = { path: string; headers: Record<string, string | string[] | undefined>; body: string };
const received: Received[] = [];
const modes = new Map<string, 'ok' | 'fail'>();
let receiver: HttpServer;
let receiverUrl: string;
function startReceiver(port = 0): Promise<HttpServer> {
  const srv = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(modes.get(path) === 'fail' ? 500 : 200).end('{}');
    });
  });
  return new Promise((resolve) => srv.listen(port, '127.0.0.1', () => resolve(srv)));
}
const at = (path: string) => received.filter((r) => r.path === path);

async function customer(): Promise<User> {
  const p = phone();
  const r = await call(s, 'POST', '/v1/auth/signup', {
    body: { phone: p, password: 'correct horse battery' },
  });
  expect(r.status, r.text).toBe(201);
  return { token: r.json.session.token, customerId: r.json.customer.id, phone: p };
}
async function merchantOf(u: User): Promise<string> {
  const r = await call(s, 'POST', '/v1/merchants', {
    token: u.token,
    body: {
      businessName: '便民小店',
      mcc: '5411',
      settlement: { kind: 'bank_account', bankName: '中国银行', accountNumber: '6216 6100 0001 2345' },
      contact: { phone: u.phone, email: 'shop@example.com' },
    },
  });
  expect(r.status, r.text).toBe(201);
  return r.json.id;
}
async function register(u: User, merchantId: string, url: string, events?: string[]) {
  const r = await call(s, 'POST', `/v1/merchants/${merchantId}/webhooks`, {
    token: u.token,
    body: { url, ...(events ? { events } : {}) },
  });
  expect(r.status, r.text).toBe(201);
  shownSecrets.push(r.json.secret);
  return { id: r.json.webhook.id as string, secret: r.json.secret as string, json: r.json as Json };
}
const sendTest = async (merchantId: string, webhookId: string, u = A) => {
  const r = await call(s, 'POST', `/v1/merchants/${merchantId}/webhooks/${webhookId}/test`, {
    token: u.token,
  });
  expect(r.status, r.text).toBe(202);
  return r.json as { eventId: string; deliveryId: string };
};
const deliveries = async (merchantId: string, webhookId: string, u = A) => {
  const r = await call(s, 'GET', `/v1/merchants/${merchantId}/webhooks/${webhookId}/deliveries`, {
    token: u.token,
  });
  expect(r.status, r.text).toBe(200);
  return r.json.items as Json[];
};
const runWorker = () => s.webhooks.worker.runOnce();
const nowSec = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  s = await startTestServer({ background: false, clock, logLines });
  receiver = await startReceiver();
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  A = await customer();
  B = await customer();
  merchantA = await merchantOf(A);
  merchantB = await merchantOf(B);
});
afterAll(async () => {
  await new Promise((r) => receiver?.close(r));
  await s?.stop();
});

describe('registering endpoints', () => {
  it('answers the secret once (whsec_…), lists without it, refuses http URLs unless allowed', async () => {
    const w = await register(A, merchantA, `${receiverUrl}/register`, ['order.paid']);
    expect(w.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(w.json.webhook).toMatchObject({ url: `${receiverUrl}/register`, events: ['order.paid'] });
    const list = await call(s, 'GET', `/v1/merchants/${merchantA}/webhooks`, { token: A.token });
    expect(list.status).toBe(200);
    expect(list.json.items.map((x: Json) => x.id)).toContain(w.id);
    expect(list.text).not.toContain(w.secret);

    for (const url of [
      'http://example.com/hook',
      'ftp://127.0.0.1/x',
      'https://u:p@example.com/',
      'not a url',
    ]) {
      const r = await call(s, 'POST', `/v1/merchants/${merchantA}/webhooks`, {
        token: A.token,
        body: { url },
      });
      expect(r.status, url).toBe(400);
      expect(r.json.code, url).toBe('INVALID_WEBHOOK_URL');
    }
    // Production (the flag off): even loopback http is refused; https is fine.
    expect(checkWebhookUrl('http://127.0.0.1:8080/x', false)).toBeNull();
    expect(checkWebhookUrl('http://localhost/x', true)?.hostname).toBe('localhost');
    expect(checkWebhookUrl('https://shop.example.com/hooks', false)?.protocol).toBe('https:');
    const production = createWebhooksService({
      pool: s.db.pool,
      vault: s.keyring,
      merchants: s.merchants.service,
      allowHttpLocalhost: false,
    });
    const refused = await production.create(A.customerId, merchantA, { url: `${receiverUrl}/x` });
    expect(refused).toMatchObject({ ok: false, code: 'INVALID_WEBHOOK_URL' });

    // Deleted: gone from the list, nothing more sent (the pending delivery is cancelled).
    const w2 = await register(A, merchantA, `${receiverUrl}/deleted`);
    await sendTest(merchantA, w2.id);
    const del = await call(s, 'DELETE', `/v1/merchants/${merchantA}/webhooks/${w2.id}`, { token: A.token });
    expect(del.status, del.text).toBe(200);
    expect(del.json.deletedAt).not.toBeNull();
    const after = await call(s, 'GET', `/v1/merchants/${merchantA}/webhooks`, { token: A.token });
    expect(after.json.items.map((x: Json) => x.id)).not.toContain(w2.id);
    await runWorker();
    expect(at('/deleted')).toHaveLength(0);
    expect((await deliveries(merchantA, w2.id))[0].status).toBe('cancelled');
    const again = await call(s, 'POST', `/v1/merchants/${merchantA}/webhooks/${w2.id}/test`, {
      token: A.token,
    });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('WEBHOOK_DELETED');
  });
});

describe('delivery', () => {
  it('POSTs the stored bytes, signed: the receiver verifies them with the secret, not with another', async () => {
    const w = await register(A, merchantA, `${receiverUrl}/signed`);
    const sent = await sendTest(merchantA, w.id);
    expect(sent.eventId).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(await runWorker()).toBeGreaterThanOrEqual(1);
    const [got] = at('/signed');
    expect(got).toBeDefined();
    const stored = await s.db.pool.query('SELECT body FROM webhook_events WHERE id = $1', [sent.eventId]);
    expect(got!.body).toBe(stored.rows[0].body);
    expect(got!.headers['content-type']).toBe('application/json');
    expect(got!.headers['x-yinbao-event-id']).toBe(sent.eventId);
    expect(got!.headers['x-yinbao-event-type']).toBe('merchant.ping');
    const event = JSON.parse(got!.body);
    expect(event).toMatchObject({ id: sent.eventId, type: 'merchant.ping', data: { webhookId: w.id } });
    const sig = got!.headers['x-signature'] as string;
    expect(verifySignature(w.secret, sig, got!.body, 300, nowSec())).toBe(true);
    expect(verifySignature('whsec_wrong', sig, got!.body, 300, nowSec())).toBe(false);
    expect(verifySignature(w.secret, sig, got!.body.replace('ping', 'pong'), 300, nowSec())).toBe(false);

    const [d] = await deliveries(merchantA, w.id);
    expect(d).toMatchObject({
      id: sent.deliveryId,
      eventId: sent.eventId,
      status: 'delivered',
      nextAttemptAt: null,
    });
    expect(d.attempts).toHaveLength(1);
    expect(d.attempts[0]).toMatchObject({ statusCode: 200, error: null });
    // Nothing is due any more: another pass sends nothing.
    await runWorker();
    expect(at('/signed')).toHaveLength(1);
  });

  it('events go to the endpoints subscribed to their type, in the caller’s transaction only', async () => {
    const all = await register(A, merchantA, `${receiverUrl}/all`);
    const paidOnly = await register(A, merchantA, `${receiverUrl}/paid-only`, ['order.paid']);
    const refundsOnly = await register(A, merchantA, `${receiverUrl}/refunds-only`, ['refund.succeeded']);
    // A rolled-back transaction leaves no event and no delivery.
    await expect(
      inTransaction(s.db.pool, async (tx) => {
        await enqueueMerchantEvent(tx, merchantA, 'order.paid', { orderId: 'rolled-back' });
        throw new Error('the money did not move');
      }),
    ).rejects.toThrow('the money did not move');
    const ev = await inTransaction(s.db.pool, (tx) =>
      enqueueMerchantEvent(tx, merchantA, 'order.paid', { orderId: 'ord_1', amount: '12.30' }),
    );
    expect(ev.deliveryIds.length).toBeGreaterThanOrEqual(2);
    await runWorker();
    expect(at('/all').map((r) => JSON.parse(r.body).data.orderId)).toEqual(['ord_1']);
    expect(at('/paid-only')).toHaveLength(1);
    expect(at('/refunds-only')).toHaveLength(0);
    expect((await deliveries(merchantA, refundsOnly.id)).length).toBe(0);
    expect((await deliveries(merchantA, all.id))[0].eventId).toBe(ev.eventId);
    expect((await deliveries(merchantA, paidOnly.id))[0].eventId).toBe(ev.eventId);
    const rolledBack = await s.db.pool.query(
      `SELECT count(*)::int AS n FROM webhook_events WHERE body LIKE '%rolled-back%'`,
    );
    expect(rolledBack.rows[0].n).toBe(0);
  });

  it('receiver down for a while: retried with back-off (10 s, 30 s, …) and delivered once it is back', async () => {
    const down = await startReceiver();
    const port = (down.address() as AddressInfo).port;
    await new Promise((r) => down.close(r)); // nothing listens there now: connections are refused
    const w = await register(A, merchantA, `http://127.0.0.1:${port}/down`);
    const sent = await sendTest(merchantA, w.id);
    await runWorker();
    let [d] = await deliveries(merchantA, w.id);
    expect(d).toMatchObject({ status: 'pending' });
    expect(d.attempts).toHaveLength(1);
    expect(d.attempts[0].statusCode).toBeNull();
    expect(d.attempts[0].error).toBe('ECONNREFUSED');
    const wait1 = Date.parse(d.nextAttemptAt) - Date.parse(d.attempts[0].at);
    expect(wait1).toBeGreaterThanOrEqual(8_000);
    expect(wait1).toBeLessThanOrEqual(12_000);
    // Not due yet: nothing is attempted.
    await runWorker();
    expect((await deliveries(merchantA, w.id))[0].attempts).toHaveLength(1);

    skew += 13_000;
    await runWorker();
    [d] = await deliveries(merchantA, w.id);
    expect(d.attempts).toHaveLength(2);
    const wait2 = Date.parse(d.nextAttemptAt) - Date.parse(d.attempts[1].at);
    expect(wait2).toBeGreaterThanOrEqual(24_000);
    expect(wait2).toBeLessThanOrEqual(36_000);

    // Back (same port), and the clock moves past the next attempt: delivered, same event id.
    const back = await startReceiver(port);
    try {
      skew += 40_000;
      await runWorker();
      [d] = await deliveries(merchantA, w.id);
      expect(d).toMatchObject({ status: 'delivered', eventId: sent.eventId, nextAttemptAt: null });
      expect(d.attempts.map((a: Json) => a.statusCode)).toEqual([null, null, 200]);
      const got = at('/down');
      expect(got).toHaveLength(1);
      expect(got[0]!.headers['x-yinbao-event-id']).toBe(sent.eventId);
    } finally {
      await new Promise((r) => back.close(r));
    }
  });

  it('gives up after about three days of failures (failed), and a re-send tries again now', async () => {
    modes.set('/always-500', 'fail');
    const w = await register(A, merchantA, `${receiverUrl}/always-500`);
    const sent = await sendTest(merchantA, w.id);
    let d: Json;
    for (let i = 0; i < 20; i++) {
      await runWorker();
      [d] = await deliveries(merchantA, w.id);
      if (d.status !== 'pending') break;
      skew = Date.parse(d.nextAttemptAt) - Date.now() + 1000;
    }
    expect(d.status).toBe('failed');
    expect(d.attempts).toHaveLength(12);
    expect(d.attempts.every((a: Json) => a.statusCode === 500)).toBe(true);
    const span = Date.parse(d.attempts[11].at) - Date.parse(d.attempts[0].at);
    expect(span / 3600_000).toBeGreaterThan(2 * 24);
    expect(span / 3600_000).toBeLessThan(4 * 24);

    modes.set('/always-500', 'ok');
    const r = await call(
      s,
      'POST',
      `/v1/merchants/${merchantA}/webhooks/${w.id}/deliveries/${sent.deliveryId}/resend`,
      { token: A.token },
    );
    expect(r.status, r.text).toBe(202);
    expect(r.json).toMatchObject({ id: sent.deliveryId, status: 'pending', eventId: sent.eventId });
    await runWorker();
    [d] = await deliveries(merchantA, w.id);
    expect(d.status).toBe('delivered');
    expect(d.attempts).toHaveLength(13);
    const bodies = new Set(at('/always-500').map((x) => x.body));
    expect(bodies.size).toBe(1); // every attempt sent the same bytes
    expect(new Set(at('/always-500').map((x) => x.headers['x-yinbao-event-id']))).toEqual(
      new Set([sent.eventId]),
    );
  });
});

describe('at least once, with a stable event id (the example receiver deduplicates)', () => {
  let child: ChildProcess;
  let url: string;
  const lines: string[] = [];

  it('a receiver that answers 500 after processing gets the event again, same id; duplicates are acknowledged', async () => {
    // First: our receiver processes the event but answers 500, so it comes again with the same id.
    modes.set('/flaky', 'fail');
    const flaky = await register(A, merchantA, `${receiverUrl}/flaky`);
    const sent = await sendTest(merchantA, flaky.id);
    await runWorker();
    modes.set('/flaky', 'ok');
    skew += 15_000;
    await runWorker();
    const got = at('/flaky');
    expect(got).toHaveLength(2);
    expect(got.map((g) => JSON.parse(g.body).id)).toEqual([sent.eventId, sent.eventId]);
    expect(got[0]!.body).toBe(got[1]!.body);

    // The example receiver (docs/examples) with this endpoint's secret: one event, delivered then
    // re-sent, is processed once and acknowledged as a duplicate the second time.
    const script = fileURLToPath(new URL('../../../../docs/examples/webhook-receiver.mjs', import.meta.url));
    const w = await register(A, merchantA, 'http://127.0.0.1:1/placeholder');
    const secret = w.secret;
    child = spawn(process.execPath, [script], {
      env: { ...process.env, PORT: '0', YINBAO_WEBHOOK_SECRETS: secret },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      url = await new Promise<string>((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => {
          for (const l of d.toString().split('\n').filter(Boolean)) {
            lines.push(l);
            const m = /listening on (http:\/\/\S+)/.exec(l);
            if (m) resolve(m[1]!);
          }
        });
        child.on('exit', (code) => reject(new Error(`receiver exited ${code}`)));
      });
      await s.db.pool.query('UPDATE webhook_endpoints SET url = $2 WHERE id = $1', [w.id, `${url}/`]);
      const ev = await sendTest(merchantA, w.id);
      await runWorker();
      const resend = await call(
        s,
        'POST',
        `/v1/merchants/${merchantA}/webhooks/${w.id}/deliveries/${ev.deliveryId}/resend`,
        { token: A.token },
      );
      expect(resend.status, resend.text).toBe(202);
      await runWorker();
      const [d] = await deliveries(merchantA, w.id);
      expect(d.status).toBe('delivered');
      expect(d.attempts.map((a: Json) => a.statusCode)).toEqual([200, 200]);
      await new Promise((r) => setTimeout(r, 100));
      expect(lines.filter((l) => l.includes(ev.eventId))).toHaveLength(1); // processed once
    } finally {
      child.kill();
    }
  });
});

describe('secret rotation with an overlap', () => {
  it('during the overlap deliveries verify with either secret; after it, only with the new one', async () => {
    const w = await register(A, merchantA, `${receiverUrl}/rotating`);
    const r = await call(s, 'POST', `/v1/merchants/${merchantA}/webhooks/${w.id}/rotate-secret`, {
      token: A.token,
      body: { overlapSeconds: 3600 },
    });
    expect(r.status, r.text).toBe(201);
    const fresh = r.json.secret as string;
    shownSecrets.push(fresh);
    expect(fresh).not.toBe(w.secret);
    expect(Date.parse(r.json.webhook.previousSecretExpiresAt) - clock().getTime()).toBeGreaterThan(3500_000);

    await sendTest(merchantA, w.id);
    await runWorker();
    const during = at('/rotating')[0]!;
    const sig1 = during.headers['x-signature'] as string;
    expect(parseSignature(sig1)!.macs).toHaveLength(2);
    expect(verifySignature(fresh, sig1, during.body, 300, nowSec())).toBe(true);
    expect(verifySignature(w.secret, sig1, during.body, 300, nowSec())).toBe(true);

    skew += 3601_000;
    await sendTest(merchantA, w.id);
    await runWorker();
    const after = at('/rotating')[1]!;
    const sig2 = after.headers['x-signature'] as string;
    expect(parseSignature(sig2)!.macs).toHaveLength(1);
    expect(verifySignature(fresh, sig2, after.body, 300, nowSec())).toBe(true);
    expect(verifySignature(w.secret, sig2, after.body, 300, nowSec())).toBe(false);

    // The overlap is at most 7 days.
    const tooLong = await call(s, 'POST', `/v1/merchants/${merchantA}/webhooks/${w.id}/rotate-secret`, {
      token: A.token,
      body: { overlapSeconds: 7 * 24 * 3600 + 1 },
    });
    expect(tooLong.status).toBe(400);
  });
});

describe('access: owners only; anyone else’s ids answer like missing ones', () => {
  it('foreign merchant, webhook and delivery ids are byte-identical to missing ones', async () => {
    const wA = await register(A, merchantA, `${receiverUrl}/access-a`);
    const dA = await sendTest(merchantA, wA.id);
    const wB = await register(B, merchantB, `${receiverUrl}/access-b`);
    const dB = await sendTest(merchantB, wB.id, B);
    const same = async (method: string, foreign: string, missing: string, token: string) => {
      const x = await call(s, method, foreign, { token });
      const y = await call(s, method, missing, { token });
      expect(x.status, foreign).toBe(404);
      expect(x.text, foreign).toBe(y.text);
      expect(x.headers.get('content-type')).toBe(y.headers.get('content-type'));
    };
    const m = `/v1/merchants/${merchantA}/webhooks`;
    // B on A's merchant.
    await same('GET', m, `/v1/merchants/${randomUUID()}/webhooks`, B.token);
    await same(
      'GET',
      `${m}/${wA.id}/deliveries`,
      `/v1/merchants/${randomUUID()}/webhooks/${wA.id}/deliveries`,
      B.token,
    );
    // A with B's webhook under A's merchant; A with B's delivery under A's webhook.
    await same('GET', `${m}/${wB.id}/deliveries`, `${m}/${randomUUID()}/deliveries`, A.token);
    await same('DELETE', `${m}/${wB.id}`, `${m}/${randomUUID()}`, A.token);
    await same('POST', `${m}/${wB.id}/test`, `${m}/${randomUUID()}/test`, A.token);
    await same(
      'POST',
      `${m}/${wA.id}/deliveries/${dB.deliveryId}/resend`,
      `${m}/${wA.id}/deliveries/${randomUUID()}/resend`,
      A.token,
    );
    // A's own delivery under A's other webhook is not found there either.
    const wA2 = await register(A, merchantA, `${receiverUrl}/access-a2`);
    await same(
      'POST',
      `${m}/${wA2.id}/deliveries/${dA.deliveryId}/resend`,
      `${m}/${wA2.id}/deliveries/${randomUUID()}/resend`,
      A.token,
    );
    // B's webhook is untouched.
    expect((await deliveries(merchantB, wB.id, B))[0].id).toBe(dB.deliveryId);
  });
});

describe('secrets at rest and in logs', () => {
  it('no secret appears in clear in any webhook table, the audit log or the logs', async () => {
    expect(shownSecrets.length).toBeGreaterThan(5);
    const dump = [];
    for (const t of [
      'webhook_endpoints',
      'webhook_secrets',
      'webhook_events',
      'webhook_deliveries',
      'webhook_attempts',
      'audit_log',
    ]) {
      const { rows } = await s.db.pool.query(`SELECT row_to_json(t)::text AS j FROM ${t} t`);
      dump.push(...rows.map((r) => r.j as string));
    }
    const all = dump.join('\n');
    const logs = logLines.join('\n');
    expect(logs).toContain('webhook delivered');
    for (const secret of shownSecrets) {
      expect(all).not.toContain(secret);
      expect(all).not.toContain(Buffer.from(secret).toString('hex'));
      expect(logs).not.toContain(secret);
    }
  });
});

describe('a data-key rotation', () => {
  it('re-encrypts the webhook secrets: deliveries still verify with the same secret', async () => {
    const w = await register(A, merchantA, `${receiverUrl}/after-key-rotation`);
    const master = masterKeyOf(s.config);
    const r = await rotateDataKey(s.db.pool, await startKeyring(s.db.pool, master), master);
    expect(r.complete).toBe(true);
    const { rows } = await s.db.pool.query('SELECT DISTINCT key_id FROM webhook_secrets');
    expect(rows.map((x) => x.key_id)).toEqual([r.keyId]);
    await s.keyring.refresh(s.db.pool);
    await sendTest(merchantA, w.id);
    await runWorker();
    const [got] = at('/after-key-rotation');
    expect(verifySignature(w.secret, got!.headers['x-signature'] as string, got!.body, 300, nowSec())).toBe(
      true,
    );
  });
});

describe('a crash between the commit and the delivery loses no event', () => {
  it('an event committed before the server stopped is delivered by the next server’s worker', async () => {
    const w = await register(A, merchantA, `${receiverUrl}/after-crash`);
    const ev = await inTransaction(s.db.pool, (tx) =>
      enqueueMerchantEvent(tx, merchantA, 'order.paid', { orderId: 'ord_crash' }),
    );
    const db = s.db;
    await s.stop({ keepDatabase: true });
    const s2 = await startTestServer({ db, background: false, clock });
    s = s2;
    try {
      // Every endpoint of A's subscribed to order.paid gets it: more than one batch of the worker.
      while ((await s2.webhooks.worker.runOnce()) > 0);
      const got = at('/after-crash');
      expect(got).toHaveLength(1);
      expect(JSON.parse(got[0]!.body)).toMatchObject({ id: ev.eventId, data: { orderId: 'ord_crash' } });
      expect(
        verifySignature(w.secret, got[0]!.headers['x-signature'] as string, got[0]!.body, 300, nowSec()),
      ).toBe(true);
    } finally {
      await s2.stop();
      await db.drop();
      s = undefined as unknown as TestServer;
    }
  });
});
