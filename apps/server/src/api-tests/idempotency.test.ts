import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  countRows,
  expectClientError,
  ledgerImbalances,
  p2pSentBy,
  parallel,
  phoneSource,
  walletBalance,
} from '../../../../test/helpers/api.ts';
import { fund, signup, startTestServer, type TestServer } from '../../../../test/helpers/server.ts';

/**
 * Idempotency-Key over real HTTP: concurrent duplicates post once and all get the same answer; a
 * key is bound to one request; invalid keys are refused; keys are scoped to the customer.
 */
let s: TestServer;
const phone = phoneSource('1370');

beforeAll(async () => {
  s = await startTestServer({ poolMax: 60, background: false });
});
afterAll(async () => {
  await s?.stop();
});

async function pair(amount = 1000_00n) {
  const a = await signup(s, phone());
  const b = await signup(s, phone());
  await fund(s, a.walletId, amount);
  return { a, b };
}

const transfer = (to: string, amount: string, note?: string) => ({
  to: { phone: to },
  amount: { amount, currency: 'CNY' },
  ...(note === undefined ? {} : { note }),
});

describe('Idempotency-Key on POST /v1/transfers', () => {
  it('50 identical requests at once post exactly one transfer and all get the identical answer', async () => {
    const { a, b } = await pair();
    const key = `dup-${Date.now()}`;
    const body = transfer(b.phone, '12.34', 'fifty at once');
    const outboxBefore = await countRows(s, ['outbox_events']);

    const results = await parallel(50, () =>
      call(s, 'POST', '/v1/transfers', { token: a.token, idempotencyKey: key, body }),
    );

    expect(new Set(results.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    const first = results[0]!.json;
    expect(first).toMatchObject({ status: 'completed', amount: { amount: '12.34', currency: 'CNY' } });
    // Exactly one request ran the handler; the other 49 are replays of its stored answer.
    const replayed = results.filter((r) => r.headers.get('idempotent-replayed') === 'true');
    expect(replayed).toHaveLength(49);

    expect(await p2pSentBy(s, a.walletId)).toBe(1);
    const { rows } = await s.db.pool.query(
      `SELECT id, amount FROM ledger_transfers WHERE code = 1 AND user_data->'from'->>'walletId' = $1`,
      [a.walletId],
    );
    expect(rows[0].id).toBe(first.id);
    expect(BigInt(rows[0].amount)).toBe(1234n);
    expect((await walletBalance(s, a.walletId)).posted).toBe(1000_00n - 1234n);
    expect((await walletBalance(s, b.walletId)).posted).toBe(1234n);
    // One "sent" and one "received" event, not 50 of each.
    expect((await countRows(s, ['outbox_events'])).outbox_events).toBe(outboxBefore.outbox_events! + 2);
    const { rows: keys } = await s.db.pool.query(
      'SELECT status, response_code FROM idempotency_keys WHERE scope = $1 AND key = $2',
      [a.customerId, key],
    );
    expect(keys).toEqual([{ status: 'completed', response_code: 201 }]);
    expect(await ledgerImbalances(s)).toEqual([]);

    // A later retry (sequential) is still a replay of the same answer.
    const later = await call(s, 'POST', '/v1/transfers', { token: a.token, idempotencyKey: key, body });
    expect(later.status).toBe(201);
    expect(later.text).toBe(results[0]!.text);
    expect(await p2pSentBy(s, a.walletId)).toBe(1);
  });

  it('the same key with a different body is refused with 422 IDEMPOTENCY_KEY_REUSED and writes nothing', async () => {
    const { a, b } = await pair();
    const key = 'reuse-me';
    const ok = await call(s, 'POST', '/v1/transfers', {
      token: a.token,
      idempotencyKey: key,
      body: transfer(b.phone, '5.00'),
    });
    expect(ok.status, ok.text).toBe(201);
    const before = await countRows(s, ['ledger_transfers', 'outbox_events', 'idempotency_keys']);
    const balBefore = await walletBalance(s, a.walletId);

    const variants: Array<[string, () => Promise<Awaited<ReturnType<typeof call>>>]> = [
      [
        'other amount',
        () =>
          call(s, 'POST', '/v1/transfers', {
            token: a.token,
            idempotencyKey: key,
            body: transfer(b.phone, '6.00'),
          }),
      ],
      [
        'added note',
        () =>
          call(s, 'POST', '/v1/transfers', {
            token: a.token,
            idempotencyKey: key,
            body: transfer(b.phone, '5.00', 'x'),
          }),
      ],
      [
        'other recipient form',
        () =>
          call(s, 'POST', '/v1/transfers', {
            token: a.token,
            idempotencyKey: key,
            body: { to: { walletId: b.walletId }, amount: { amount: '5.00', currency: 'CNY' } },
          }),
      ],
      [
        'other endpoint',
        () =>
          call(s, 'POST', `/v1/notifications/${randomUUID()}/read`, { token: a.token, idempotencyKey: key }),
      ],
    ];
    for (const [label, send] of variants) {
      const r = await send();
      expectClientError(r, label, 'IDEMPOTENCY_KEY_REUSED');
      expect(r.status, label).toBe(422);
    }
    // Nothing was written, the session was not revoked, and the original answer still replays.
    expect(await countRows(s, ['ledger_transfers', 'outbox_events', 'idempotency_keys'])).toEqual(before);
    expect(await walletBalance(s, a.walletId)).toEqual(balBefore);
    const me = await call(s, 'GET', '/v1/me', { token: a.token });
    expect(me.status).toBe(200);
    const again = await call(s, 'POST', '/v1/transfers', {
      token: a.token,
      idempotencyKey: key,
      body: transfer(b.phone, '5.00'),
    });
    expect(again.status).toBe(201);
    expect(again.text).toBe(ok.text);
  });

  it('refuses a malformed key with 400 INVALID_IDEMPOTENCY_KEY and writes nothing; 128 printable chars are fine', async () => {
    const { a, b } = await pair();
    const before = await countRows(s, ['ledger_transfers', 'outbox_events', 'idempotency_keys']);
    const bad: Array<[string, string]> = [
      ['200 characters', 'k'.repeat(200)],
      ['129 characters', 'k'.repeat(129)],
      ['inner space', 'has space'],
      ['empty', ''],
      ['latin-1 letter', 'clé'],
      ['tab inside', 'a\tb'],
    ];
    for (const [label, key] of bad) {
      const r = await call(s, 'POST', '/v1/transfers', {
        token: a.token,
        idempotencyKey: key,
        body: transfer(b.phone, '1.00'),
      });
      expectClientError(r, label, 'INVALID_IDEMPOTENCY_KEY');
      expect(r.status, label).toBe(400);
    }
    expect(await countRows(s, ['ledger_transfers', 'outbox_events', 'idempotency_keys'])).toEqual(before);
    expect(await p2pSentBy(s, a.walletId)).toBe(0);

    const longest = '~'.repeat(64) + '!'.repeat(64);
    const ok = await call(s, 'POST', '/v1/transfers', {
      token: a.token,
      idempotencyKey: longest,
      body: transfer(b.phone, '1.00'),
    });
    expect(ok.status, ok.text).toBe(201);
    expect(await p2pSentBy(s, a.walletId)).toBe(1);
  });

  it('keys are scoped per customer: two customers using the same key both succeed independently', async () => {
    const x = await signup(s, phone());
    const y = await signup(s, phone());
    const z = await signup(s, phone());
    await fund(s, x.walletId, 100_00n);
    await fund(s, y.walletId, 100_00n);
    const key = 'same-key-for-everyone';
    // Same key, same body, at the same time.
    const [rx, ry] = await Promise.all([
      call(s, 'POST', '/v1/transfers', {
        token: x.token,
        idempotencyKey: key,
        body: transfer(z.phone, '3.00'),
      }),
      call(s, 'POST', '/v1/transfers', {
        token: y.token,
        idempotencyKey: key,
        body: transfer(z.phone, '3.00'),
      }),
    ]);
    expect(rx.status, rx.text).toBe(201);
    expect(ry.status, ry.text).toBe(201);
    expect(rx.headers.get('idempotent-replayed')).toBeNull();
    expect(ry.headers.get('idempotent-replayed')).toBeNull();
    expect(rx.json.id).not.toBe(ry.json.id);
    expect(rx.json.from.walletId).toBe(x.walletId);
    expect(ry.json.from.walletId).toBe(y.walletId);
    // Same key, different body, for a third customer: not a reuse either.
    const w = await signup(s, phone());
    await fund(s, w.walletId, 100_00n);
    const rw = await call(s, 'POST', '/v1/transfers', {
      token: w.token,
      idempotencyKey: key,
      body: transfer(z.phone, '4.00'),
    });
    expect(rw.status, rw.text).toBe(201);

    expect(await p2pSentBy(s, x.walletId)).toBe(1);
    expect(await p2pSentBy(s, y.walletId)).toBe(1);
    expect(await p2pSentBy(s, w.walletId)).toBe(1);
    expect((await walletBalance(s, z.walletId)).posted).toBe(10_00n);
    // Each customer's replay returns their own transfer.
    const replayX = await call(s, 'POST', '/v1/transfers', {
      token: x.token,
      idempotencyKey: key,
      body: transfer(z.phone, '3.00'),
    });
    expect(replayX.text).toBe(rx.text);
    expect(replayX.headers.get('idempotent-replayed')).toBe('true');
    expect(await ledgerImbalances(s)).toEqual([]);
  });

  it('logout with a key already used by another session of the same customer still revokes this session', async () => {
    const u = await signup(s, phone());
    const other = await call(s, 'POST', '/v1/auth/login', {
      body: { phone: u.phone, password: 'correct horse battery' },
    });
    expect(other.status, other.text).toBe(200);
    const first = await call(s, 'POST', '/v1/auth/logout', { token: u.token, idempotencyKey: 'logout' });
    expect(first.status).toBe(200);
    const second = await call(s, 'POST', '/v1/auth/logout', {
      token: other.json.token,
      idempotencyKey: 'logout',
    });
    // Either refused as a reuse, or actually executed: never a replay that leaves the session alive.
    if (second.status === 200) {
      expect((await call(s, 'GET', '/v1/me', { token: other.json.token })).status).toBe(401);
    } else {
      expectClientError(second, 'second logout', 'IDEMPOTENCY_KEY_REUSED');
    }
  });

  it('keys on unauthenticated endpoints are not shared between different callers', async () => {
    const key = 'signup-key';
    const p1 = phone();
    const p2 = phone();
    const r1 = await call(s, 'POST', '/v1/auth/signup', {
      idempotencyKey: key,
      body: { phone: p1, password: 'correct horse battery' },
    });
    const r2 = await call(s, 'POST', '/v1/auth/signup', {
      idempotencyKey: key,
      body: { phone: p2, password: 'another good passphrase' },
    });
    expect(r1.status, r1.text).toBe(201);
    expect(r2.status, r2.text).toBe(201);
  });
});
