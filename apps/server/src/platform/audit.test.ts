import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/helpers/db.ts';
import { signup, startTestServer, type TestServer } from '../../../../test/helpers/server.ts';
import { audit, verifyAuditLog } from './audit.ts';

describe('audit log (S7)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ background: false });
  });
  afterAll(async () => {
    await s.stop();
  });

  it('records security events without secrets and verifies intact', async () => {
    const a = await signup(s, '13100000101');
    await s.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { phone: a.phone, password: 'wrong wrong' },
    });
    await s.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { phone: a.phone, password: 'correct horse battery' },
    });
    await s.app.inject({
      method: 'PUT',
      url: '/v1/me/pin',
      headers: { authorization: `Bearer ${a.token}` },
      payload: { pin: '582913', password: 'correct horse battery' },
    });
    const { rows } = await s.db.pool.query(
      'SELECT seq, actor, event, data::text AS data FROM audit_log ORDER BY seq',
    );
    expect(rows.map((r) => r.event)).toEqual([
      'auth.signed_up',
      'auth.login_failed',
      'auth.login_succeeded',
      'device.new_signed_in',
      'security.pin_set',
    ]);
    const all = JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    for (const secret of ['13100000101', 'wrong wrong', 'correct horse battery', '582913', a.token])
      expect(all).not.toContain(secret);
    expect(await verifyAuditLog(s.db.pool)).toMatchObject({ ok: true, rows: 5 });
  });
});

describe('audit log tampering is detected', () => {
  let db: TestDatabase;
  // A superuser-like intruder: triggers off, then edits rows directly.
  let raw: pg.Client;
  beforeEach(async () => {
    db = await createTestDatabase();
    for (let i = 1; i <= 6; i++) await audit(db.pool, { actor: 'system', event: `e${i}`, data: { i } });
    raw = new pg.Client(db.url);
    await raw.connect();
    await raw.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
  });
  const after = async () => {
    await raw.end();
    await db.drop();
  };

  it('the app role has no UPDATE, DELETE or TRUNCATE on it, and the owner is stopped by triggers', async () => {
    // Lock 1: the application's role lacks the privileges (migration 0150).
    await expect(db.pool.query(`UPDATE audit_log SET event = 'x' WHERE seq = 2`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(db.pool.query('DELETE FROM audit_log WHERE seq = 2')).rejects.toThrow(/permission denied/);
    await expect(db.pool.query('TRUNCATE audit_log')).rejects.toThrow(/permission denied/);
    const { rows } = await db.pool.query('SELECT current_user AS u');
    expect(rows[0].u).toBe('yinbao_app');
    // Lock 2: even the owner meets the append-only triggers (unless it first switches them off,
    // which the hash chain then reveals: the cases below).
    await raw.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
    await expect(raw.query(`UPDATE audit_log SET event = 'x' WHERE seq = 2`)).rejects.toThrow(/append-only/);
    await expect(raw.query('DELETE FROM audit_log WHERE seq = 2')).rejects.toThrow(/append-only/);
    await expect(raw.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    await after();
  });

  it.each([
    ['an updated row', `UPDATE audit_log SET data = '{"i": 99}' WHERE seq = 3`, 3],
    ['a deleted row', 'DELETE FROM audit_log WHERE seq = 4', 4],
    [
      'the last row deleted and re-added with a forged hash',
      `UPDATE audit_log SET hash = sha256('x') WHERE seq = 6`,
      6,
    ],
    [
      'an inserted row',
      `UPDATE audit_log SET seq = seq + 100 WHERE seq >= 5; UPDATE audit_log SET seq = seq - 99 WHERE seq >= 100;
       INSERT INTO audit_log (seq, at, actor, event, data, prev_hash, hash)
       SELECT 5, now(), 'system', 'forged', '{}', hash, sha256(hash) FROM audit_log WHERE seq = 4`,
      5,
    ],
    [
      'two rows swapped',
      `UPDATE audit_log SET seq = -2 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3;
       UPDATE audit_log SET seq = 3 WHERE seq = -2`,
      2,
    ],
  ])('%s', async (_label, sql, brokenAt) => {
    expect(await verifyAuditLog(db.pool)).toMatchObject({ ok: true, rows: 6 });
    await raw.query(sql);
    const r = await verifyAuditLog(db.pool);
    expect(r).toMatchObject({ ok: false, brokenAt });
    await after();
  });
});
