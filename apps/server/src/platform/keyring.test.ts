import { hash } from '@node-rs/argon2';
import { uuidv7 } from '@yinbao/ledger';
import { TEST_CARD_EXPIRY, TEST_CARDS } from '@yinbao/simulators';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/helpers/db.ts';
import { auth, startTestServer, type TestServer } from '../../../../test/helpers/server.ts';
import { migrate } from './db/migrate.ts';
import { AAD, phoneIndex, reencryptRows, rowsPerKey } from './encrypted-fields.ts';
import { rewrapDataKeys, rotateDataKey } from './key-rotation.ts';
import { masterKeyFrom, openKeyring, startKeyring, unwrapKey } from './keyring.ts';
import { createLegacyVault } from './secrets.ts';

// startTestServer's default master key.
const OLD_B64 = Buffer.alloc(32, 7).toString('base64');
const NEW_B64 = Buffer.alloc(32, 9).toString('base64');
const OLD = masterKeyFrom(OLD_B64);
const NEW = masterKeyFrom(NEW_B64);
const PASSWORD = 'correct horse battery';
const NAME = '欧阳娜娜';
const DISPLAY = 'Nana the Tester';
const ID_NUMBER = '11010519491231002X';

/** A valid resident ID number (GB 11643 check digit) for the n-th test customer. */
function residentId(n: number): string {
  const base = `1101051949123${String(100 + n).padStart(4, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...base].reduce((acc, d, i) => acc + Number(d) * w[i]!, 0);
  return base + '10X98765432'[sum % 11]!;
}
const PAN = TEST_CARDS.approve;

const servers: TestServer[] = [];
const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop().catch(() => {});
  for (const d of databases) await d.drop().catch(() => {});
});

async function server(opts: Parameters<typeof startTestServer>[0] = {}) {
  const s = await startTestServer({ background: false, cardNetwork: { decisionDelayMs: 5 }, ...opts });
  servers.push(s);
  return s;
}

const post = (s: TestServer, token: string, url: string, payload: Record<string, unknown>) =>
  s.app.inject({ method: 'POST', url, headers: auth(token), payload });
const get = (s: TestServer, token: string, url: string) => s.app.inject({ url, headers: auth(token) });
const login = async (s: TestServer, phone: string) =>
  s.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { phone, password: PASSWORD } });

/** A customer with every kind of personal data: phone, display name, card, KYC identity, TOTP secret. */
async function customerWithEverything(s: TestServer, phone: string, idNumber = ID_NUMBER) {
  const up = await s.app.inject({
    method: 'POST',
    url: '/v1/auth/signup',
    payload: { phone, password: PASSWORD, displayName: DISPLAY },
  });
  expect(up.statusCode, up.body).toBe(201);
  const token = up.json().session.token as string;
  const customerId = up.json().customer.id as string;
  const card = await post(s, token, '/v1/cards', { pan: PAN, expiry: TEST_CARD_EXPIRY, holderName: NAME });
  expect(card.statusCode, card.body).toBe(201);
  const kyc = await post(s, token, '/v1/me/kyc/identity', { name: NAME, idNumber });
  expect(kyc.statusCode, kyc.body).toBe(200);
  expect((await post(s, token, '/v1/me/kyc/bank-card', { cardId: card.json().id })).statusCode).toBe(200);
  const totp = await post(s, token, '/v1/me/totp', { password: PASSWORD });
  const secret = new URL(totp.json().otpauthUri).searchParams.get('secret')!;
  return { token, customerId, cardId: card.json().id as string, secret, idNumber };
}

/** Reads everything back through the API and the keyring: any unreadable field fails. */
async function expectReadable(
  s: TestServer,
  phone: string,
  c: { cardId: string; customerId: string; idNumber: string },
) {
  const l = await login(s, phone);
  expect(l.statusCode, l.body).toBe(200);
  const token = l.json().token as string;
  const me = (await get(s, token, '/v1/me')).json();
  expect(me).toMatchObject({
    id: c.customerId,
    phone: `${phone.slice(0, 3)}****${phone.slice(-4)}`,
    displayName: DISPLAY,
  });
  const cards = (await get(s, token, '/v1/cards')).json();
  expect(cards.items).toEqual([
    expect.objectContaining({ id: c.cardId, holderName: '***娜', last4: PAN.slice(-4) }),
  ]);
  const kyc = (await get(s, token, '/v1/me/kyc')).json();
  expect(kyc.identity).toEqual({
    name: '***娜',
    idNumber: `**************${c.idNumber.slice(-4)}`,
    bankCardVerified: true,
  });
  const { rows } = await s.db.pool.query(
    'SELECT c.pan_ciphertext, c.pan_key_id, t.secret_ciphertext, t.secret_key_id FROM cards c, customer_totp t WHERE c.id = $1 AND t.customer_id = $2',
    [c.cardId, c.customerId],
  );
  expect(s.keyring.decrypt(rows[0].pan_ciphertext, AAD.cardPan(c.cardId), rows[0].pan_key_id)).toBe(PAN);
  expect(() =>
    s.keyring.decrypt(rows[0].secret_ciphertext, AAD.totpSecret(c.customerId), rows[0].secret_key_id),
  ).not.toThrow();
  // Fingerprints survive: the same card cannot be bound twice.
  const again = await post(s, token, '/v1/cards', { pan: PAN, expiry: TEST_CARD_EXPIRY, holderName: NAME });
  expect(again.json().code).toBe('CARD_ALREADY_BOUND');
}

async function everyRowAsText(pool: pg.Pool): Promise<{ text: string; blobs: Buffer[] }> {
  const { rows: tables } = await pool.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
  const parts: string[] = [];
  for (const { tablename } of tables) {
    const { rows } = await pool.query(`SELECT row_to_json(t)::text AS j FROM ${tablename} t`);
    parts.push(...rows.map((r) => r.j as string));
  }
  const { rows: cols } = await pool.query(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND data_type = 'bytea'`,
  );
  const blobs: Buffer[] = [];
  for (const c of cols) {
    const { rows } = await pool.query(
      `SELECT ${c.column_name} AS b FROM ${c.table_name} WHERE ${c.column_name} IS NOT NULL`,
    );
    blobs.push(...rows.map((r) => r.b as Buffer));
  }
  return { text: parts.join('\n'), blobs };
}

describe('data at rest (S6)', () => {
  it('no phone, name, PAN, ID number or TOTP secret is readable anywhere in the database', async () => {
    const s = await server();
    const phone = '13812345678';
    const c = await customerWithEverything(s, phone);
    const { text, blobs } = await everyRowAsText(s.db.pool);
    const secretBytes = Buffer.from(c.secret, 'ascii');
    const needles = [phone, `+86${phone}`, NAME, DISPLAY, PAN, ID_NUMBER, c.secret];
    for (const n of needles) {
      expect(text, n).not.toContain(n);
      for (const b of blobs) expect(b.includes(Buffer.from(n, 'utf8')), n).toBe(false);
    }
    for (const b of blobs) expect(b.includes(secretBytes)).toBe(false);
    // The clear columns are gone; the encrypted ones name an active data key.
    const { rows } = await s.db.pool.query('SELECT * FROM customers WHERE id = $1', [c.customerId]);
    expect(Object.keys(rows[0])).not.toContain('phone');
    expect(Object.keys(rows[0])).not.toContain('display_name');
    expect(rows[0].phone_key_id).toBe(s.keyring.keyId);
    expect(rows[0].phone_index).toEqual(phoneIndex(s.keyring, `+86${phone}`));
    const keys = await s.db.pool.query(`SELECT kind, status FROM data_keys ORDER BY kind`);
    expect(keys.rows).toEqual([
      { kind: 'data', status: 'active' },
      { kind: 'index', status: 'active' },
    ]);
    // Exactly one active key of a kind: the database refuses a second.
    await expect(
      s.db.pool.query(
        `INSERT INTO data_keys (id, kind, wrapped_key, master_key_id, status) VALUES ('dk_x', 'data', '\\x00', 'mk', 'active')`,
      ),
    ).rejects.toThrow(/data_keys_one_active/);
  });

  it('master-key rotation re-wraps the keys: a restart with the new key alone reads everything; the old key unwraps nothing', async () => {
    const s = await server();
    const phone = '13812340001';
    const c = await customerWithEverything(s, phone);
    const before = (await s.db.pool.query('SELECT id, wrapped_key FROM data_keys ORDER BY id')).rows;
    const r = await rewrapDataKeys(s.db.pool, OLD, NEW);
    expect(r).toEqual({ ok: true, value: { rewrapped: 2 } });
    await s.stop({ keepDatabase: true });
    servers.splice(servers.indexOf(s), 1);
    databases.push(s.db);

    const after = (
      await s.db.pool.query('SELECT id, wrapped_key, master_key_id, rotated_at FROM data_keys ORDER BY id')
    ).rows;
    for (const [i, k] of after.entries()) {
      expect(k.master_key_id).toBe(NEW.id);
      expect(k.rotated_at).toBeInstanceOf(Date);
      expect(k.wrapped_key.equals(before[i]!.wrapped_key)).toBe(false);
      expect(unwrapKey(OLD, k.id, k.wrapped_key)).toBeNull();
      expect(unwrapKey(NEW, k.id, k.wrapped_key)).not.toBeNull();
    }
    const withOld = await openKeyring(s.db.pool, OLD);
    expect(withOld.ok ? 'opened' : withOld.code).toBe('MASTER_KEY_MISMATCH');
    const oldKeyNewId = await openKeyring(s.db.pool, masterKeyFrom(OLD_B64, NEW.id));
    expect(oldKeyNewId.ok ? 'opened' : oldKeyNewId.code).toBe('MASTER_KEY_WRONG');
    // Rotating again from the old key changes nothing.
    expect(
      (await rewrapDataKeys(s.db.pool, OLD, masterKeyFrom(Buffer.alloc(32, 3).toString('base64')))).ok,
    ).toBe(false);

    const s2 = await server({ db: s.db, env: { YINBAO_MASTER_KEY: NEW_B64 } });
    expect(s2.keyring.masterKeyId).toBe(NEW.id);
    await expectReadable(s2, phone, c);
  });

  it('data-key rotation re-encrypts every row in batches; an interrupted run resumes; the old key is retired', async () => {
    const s = await server();
    const people = ['13812340011', '13812340012', '13812340013'];
    const made = [];
    for (const [i, p] of people.entries()) made.push(await customerWithEverything(s, p, residentId(i)));
    const oldKey = s.keyring.keyId;

    // The CLI's own keyring, in another "process": the server learns the new key by refreshing.
    const cli = await startKeyring(s.db.pool, OLD);
    const r = await rotateDataKey(s.db.pool, cli, OLD, { batchSize: 2, maxBatches: 3 });
    expect(r.complete).toBe(false);
    expect(r.reencrypted).toBe(5);
    const partial = await rowsPerKey(s.db.pool);
    expect(partial.get(oldKey)).toBeGreaterThan(0);
    expect(partial.get(r.keyId)).toBe(5);
    await s.keyring.refresh(s.db.pool);
    expect(s.keyring.keyId).toBe(r.keyId);
    for (const [i, p] of people.entries()) await expectReadable(s, p, made[i]!);

    const resumed = await reencryptRows(s.db.pool, cli, { batchSize: 2 });
    expect(resumed.complete).toBe(true);
    const done = await rowsPerKey(s.db.pool);
    expect([...done.keys()]).toEqual([r.keyId]);
    expect((await reencryptRows(s.db.pool, cli)).rows).toBe(0);
    const keys = (await s.db.pool.query(`SELECT id, status, retired_at FROM data_keys WHERE kind = 'data'`))
      .rows;
    expect(keys).toEqual(
      expect.arrayContaining([
        { id: oldKey, status: 'retired', retired_at: expect.any(Date) },
        { id: r.keyId, status: 'active', retired_at: null },
      ]),
    );
    for (const [i, p] of people.entries()) await expectReadable(s, p, made[i]!);
    // New writes use the new key.
    const up = await s.app.inject({
      method: 'POST',
      url: '/v1/auth/signup',
      payload: { phone: '13812340019', password: PASSWORD },
    });
    const row = (
      await s.db.pool.query('SELECT phone_key_id FROM customers WHERE id = $1', [up.json().customer.id])
    ).rows[0];
    expect(row.phone_key_id).toBe(r.keyId);
  });

  it('a wrong master key stops the start with a clear error and changes nothing', async () => {
    const s = await server();
    const c = await customerWithEverything(s, '13812340021');
    await s.stop({ keepDatabase: true });
    servers.splice(servers.indexOf(s), 1);
    databases.push(s.db);
    const snapshot = async () => (await everyRowAsText(s.db.pool)).text;
    const before = await snapshot();
    const WRONG = Buffer.alloc(32, 1).toString('base64');
    await expect(startTestServer({ db: s.db, env: { YINBAO_MASTER_KEY: WRONG } })).rejects.toThrow(
      new RegExp(`MASTER_KEY_MISMATCH.*${OLD.id}.*${masterKeyFrom(WRONG).id}`),
    );
    await expect(
      startTestServer({ db: s.db, env: { YINBAO_MASTER_KEY: WRONG, YINBAO_MASTER_KEY_ID: OLD.id } }),
    ).rejects.toThrow(/MASTER_KEY_WRONG/);
    expect(await snapshot()).toBe(before);
    const s2 = await server({ db: s.db });
    await expectReadable(s2, '13812340021', c);
  });

  it('upgrades a database from before the keyring: clear phones and names encrypted, old ciphertexts re-encrypted, fingerprints kept', async () => {
    const db = await createTestDatabase({ migratedBelow: 120 });
    databases.push(db);
    const legacy = createLegacyVault(OLD_B64);
    const customerId = uuidv7();
    const cardId = uuidv7();
    const phone = '13912340031';
    await db.pool.query(
      'INSERT INTO customers (id, phone, password_hash, display_name) VALUES ($1, $2, $3, $4)',
      [customerId, `+86${phone}`, await hash(PASSWORD, { algorithm: 2 }), DISPLAY],
    );
    await db.pool.query(
      `INSERT INTO cards (id, customer_id, token, pan_ciphertext, pan_key_id, pan_fingerprint, last4, brand, bank_name, expiry, holder_name)
       VALUES ($1, $2, 'card_legacy', $3, 'k1', $4, $5, 'unionpay', 'ICBC', $6, $7)`,
      [
        cardId,
        customerId,
        legacy.encrypt(PAN, cardId),
        legacy.fingerprint(PAN),
        PAN.slice(-4),
        TEST_CARD_EXPIRY,
        NAME,
      ],
    );
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await migrate(c);
    await c.end();
    const parked = (await db.pool.query('SELECT count(*)::int AS n FROM pii_backfill')).rows[0].n;
    expect(parked).toBe(3);

    const s = await server({ db });
    expect((await db.pool.query(`SELECT to_regclass('public.pii_backfill') AS t`)).rows[0].t).toBeNull();
    const row = (await db.pool.query('SELECT * FROM cards WHERE id = $1', [cardId])).rows[0];
    expect(row.pan_key_id).toBe(s.keyring.keyId);
    expect(s.keyring.decrypt(row.pan_ciphertext, AAD.cardPan(cardId))).toBe(PAN);
    const l = await login(s, phone);
    expect(l.statusCode, l.body).toBe(200);
    const token = l.json().token as string;
    expect((await get(s, token, '/v1/cards')).json().items[0].holderName).toBe('***娜');
    const again = await post(s, token, '/v1/cards', { pan: PAN, expiry: TEST_CARD_EXPIRY, holderName: NAME });
    expect(again.json().code).toBe('CARD_ALREADY_BOUND');
    const { text } = await everyRowAsText(db.pool);
    for (const n of [phone, NAME, DISPLAY, PAN]) expect(text).not.toContain(n);
    // The constraints now hold for every row.
    await expect(db.pool.query('UPDATE customers SET phone_ciphertext = NULL')).rejects.toThrow(
      /customers_pii_encrypted/,
    );
  });
});
