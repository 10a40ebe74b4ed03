import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, phoneSource } from '../../../../test/helpers/api.ts';
import { fund, signup, startTestServer, type TestServer } from '../../../../test/helpers/server.ts';

/**
 * The answer a handler gave stands when storing it under its Idempotency-Key fails (the database
 * went away between the two). Found by the crash-chaos run: PostgreSQL was killed just after an
 * order payment was refused, the store of the refusal failed, and fastify's default error handler
 * sent `422 {"code":"ECONNREFUSED", …}` — the refusal's status with the driver's error code. Here a
 * trigger makes the store fail for keys named `store-fails-…`.
 */
let s: TestServer;
let owner: pg.Client;
const phone = phoneSource('1593');

beforeAll(async () => {
  s = await startTestServer({ background: false });
  owner = new pg.Client({ connectionString: s.db.url });
  await owner.connect();
  await owner.query(`
    CREATE FUNCTION test_idempotency_store_fails() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.key LIKE 'store-fails-%' AND NEW.status = 'completed' THEN
        RAISE EXCEPTION 'injected: the idempotency store is down';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER test_idempotency_store_fails BEFORE INSERT OR UPDATE ON idempotency_keys
      FOR EACH ROW EXECUTE FUNCTION test_idempotency_store_fails();`);
});
afterAll(async () => {
  await owner?.end();
  await s?.stop();
});

describe('an answer whose idempotency record cannot be stored', () => {
  it('a ledger route (transfers): the refusal is answered as it is, and a later retry runs again', async () => {
    const a = await signup(s, phone());
    const b = await signup(s, phone());
    const body = { to: { phone: b.phone }, amount: { amount: '5.00', currency: 'CNY' } };
    const r = await call(s, 'POST', '/v1/transfers', {
      token: a.token,
      idempotencyKey: 'store-fails-1',
      body,
    });
    expect([r.status, r.json.code], r.text).toEqual([422, 'INSUFFICIENT_FUNDS']);
    expect(Object.keys(r.json).sort()).toEqual(['code', 'message']);
    // Nothing was stored: the same request runs again (not a replay), and pays once it can.
    await owner.query('ALTER TABLE idempotency_keys DISABLE TRIGGER test_idempotency_store_fails');
    try {
      await fund(s, a.walletId, 10_00n);
      const again = await call(s, 'POST', '/v1/transfers', {
        token: a.token,
        idempotencyKey: 'store-fails-1',
        body,
      });
      expect(again.status, again.text).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBeNull();
      const replay = await call(s, 'POST', '/v1/transfers', {
        token: a.token,
        idempotencyKey: 'store-fails-1',
        body,
      });
      expect([replay.status, replay.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
      expect(replay.json.id).toBe(again.json.id);
    } finally {
      await owner.query('ALTER TABLE idempotency_keys ENABLE TRIGGER test_idempotency_store_fails');
    }
  });

  it('a generic route (QR resolve): the same answer as when the store works, in the {code, message} contract', async () => {
    const a = await signup(s, phone());
    const body = { payload: 'not an EMV QR payload' };
    const stored = await call(s, 'POST', '/v1/qr/resolve', {
      token: a.token,
      idempotencyKey: 'works-2',
      body,
    });
    expect(stored.status).toBeGreaterThanOrEqual(400);
    expect(stored.status).toBeLessThan(500);
    const failed = await call(s, 'POST', '/v1/qr/resolve', {
      token: a.token,
      idempotencyKey: 'store-fails-2',
      body,
    });
    expect([failed.status, failed.text]).toEqual([stored.status, stored.text]);
    // The key stays claimed until its lease ends (the store failed), not completed with a wrong answer.
    const { rows } = await owner.query(`SELECT status FROM idempotency_keys WHERE key = 'store-fails-2'`);
    expect(rows.map((r) => r.status)).toEqual(['in_progress']);
  });
});
