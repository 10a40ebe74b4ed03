import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { uuidv7 } from '@yinbao/ledger';
import type pg from 'pg';
import type { Config } from './config.ts';
import { legacyCheck, upgradeEncryptedData } from './encrypted-fields.ts';
import { err, ok, type Result } from './errors.ts';
import { loadOrCreateMasterKey, type Vault } from './secrets.ts';
import { type Executor, inTransaction } from './sql.ts';

/**
 * The keyring (S6): master key → data keys → fields.
 *
 * - The master key comes from configuration (`YINBAO_MASTER_KEY`) and never touches the database.
 * - Data keys are random 32-byte AES keys stored in `data_keys` only wrapped (AES-256-GCM) by the
 *   master key, loaded and unwrapped in memory at start. One is active (new writes); retired ones
 *   still decrypt until their rows are re-encrypted.
 * - The index key (a data key of kind 'index') keys blind indexes and fingerprints (HMAC-SHA256):
 *   it is stored wrapped like the data keys, so fingerprints survive a master-key rotation.
 * - A ciphertext carries its key id in a header: `0x01 | len | key id | iv(12) | tag(16) | body`,
 *   the header being part of the associated data. Blobs written before the keyring (key ids without
 *   the `dk_` prefix, e.g. `k1`) used a key derived from the master key by HMAC and no header; they
 *   are still read, and re-encrypted at start (see encrypted-fields.ts).
 */
export type MasterKey = { id: string; key: Buffer };

export type Keyring = Vault & {
  readonly masterKeyId: string;
  /** Keys of HMACs that must survive a master-key rotation (OTP codes, recovery codes). */
  hmacKey(purpose: string): Buffer;
  /** Loads keys created since (by `yinbao keys rotate` in another process) and status changes. */
  refresh(db: Executor): Promise<void>;
  /** Ids and statuses of the keys it holds (never the keys). */
  keys(): Array<{ id: string; kind: KeyKind; status: KeyStatus }>;
};

export type KeyKind = 'data' | 'index';
export type KeyStatus = 'active' | 'retired';
export type KeyringError = 'MASTER_KEY_MISMATCH' | 'MASTER_KEY_WRONG';

export const DATA_KEY_PREFIX = 'dk_';
const INDEX_KEY_PREFIX = 'ik_';
const BLOB_V1 = 1;
const LOCK = 7366003;

/** Parses the configured master key (base64 of 32 bytes); its id defaults to a hash of the key. */
export function masterKeyFrom(b64: string, id?: string): MasterKey {
  const key = Buffer.from(b64.trim(), 'base64');
  if (key.length !== 32) throw new Error('the master key must be 32 bytes, base64-encoded');
  return { id: id || defaultMasterKeyId(key), key };
}

export const defaultMasterKeyId = (key: Buffer) =>
  `mk_${createHash('sha256').update('yinbao-master-key-id\0').update(key).digest('hex').slice(0, 16)}`;

export function wrapKey(master: MasterKey, keyId: string, key: Buffer): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', master.key, iv);
  c.setAAD(Buffer.from(keyId));
  const body = Buffer.concat([c.update(key), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]);
}

/** The key, or null when this master key did not wrap it (GCM authentication fails). */
export function unwrapKey(master: MasterKey, keyId: string, wrapped: Buffer): Buffer | null {
  try {
    const d = createDecipheriv('aes-256-gcm', master.key, wrapped.subarray(0, 12));
    d.setAAD(Buffer.from(keyId));
    d.setAuthTag(wrapped.subarray(12, 28));
    const key = Buffer.concat([d.update(wrapped.subarray(28)), d.final()]);
    return key.length === 32 ? key : null;
  } catch {
    return null;
  }
}

/** The key of blobs written before the keyring existed (kept to read and re-encrypt them). */
const legacyDataKey = (master: MasterKey, id: string) =>
  createHmac('sha256', master.key).update(`data-key:${id}`).digest();
/** The fingerprint key of that era: an upgraded database keeps it as its index key. */
const legacyIndexKey = (master: MasterKey) => createHmac('sha256', master.key).update('fingerprint').digest();

export const isLegacyKeyId = (keyId: string) => !keyId.startsWith(DATA_KEY_PREFIX);

/** The key id in a blob's header (null for a blob without one). */
export function blobKeyId(blob: Buffer): string | null {
  if (blob.length < 2 || blob[0] !== BLOB_V1) return null;
  const len = blob[1]!;
  const id = blob.subarray(2, 2 + len).toString('utf8');
  return id.startsWith(DATA_KEY_PREFIX) ? id : null;
}

function seal(key: Buffer, keyId: string, plain: string, aad: string): Buffer {
  const id = Buffer.from(keyId, 'utf8');
  const header = Buffer.concat([Buffer.from([BLOB_V1, id.length]), id]);
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.concat([header, Buffer.from(aad)]));
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return Buffer.concat([header, iv, c.getAuthTag(), body]);
}

function open(key: Buffer, blob: Buffer, aad: Buffer): string {
  const d = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
  d.setAAD(aad);
  d.setAuthTag(blob.subarray(12, 28));
  return Buffer.concat([d.update(blob.subarray(28)), d.final()]).toString('utf8');
}

type KeyRow = { id: string; kind: KeyKind; status: KeyStatus; wrapped_key: Buffer; master_key_id: string };

async function keyRows(db: Executor, lock = false): Promise<KeyRow[]> {
  const { rows } = await db.query<KeyRow>(
    `SELECT id, kind, status, wrapped_key, master_key_id FROM data_keys ORDER BY created_at, id${lock ? ' FOR UPDATE' : ''}`,
  );
  return rows;
}

/** Inserts a new active key of `kind`, retiring the active one. Returns its id. */
export async function insertKey(
  tx: pg.PoolClient,
  master: MasterKey,
  kind: KeyKind,
  key: Buffer = randomBytes(32),
): Promise<string> {
  const id = `${kind === 'data' ? DATA_KEY_PREFIX : INDEX_KEY_PREFIX}${uuidv7()}`;
  await tx.query(
    `UPDATE data_keys SET status = 'retired', retired_at = now() WHERE kind = $1 AND status = 'active'`,
    [kind],
  );
  await tx.query(
    `INSERT INTO data_keys (id, kind, wrapped_key, master_key_id, status) VALUES ($1, $2, $3, $4, 'active')`,
    [id, kind, wrapKey(master, id, key), master.id],
  );
  return id;
}

/** Unwraps every stored key with this master key; a key it did not wrap is an error, not a skip. */
export function unwrapAll(master: MasterKey, rows: KeyRow[]): Result<Map<string, Buffer>, KeyringError> {
  const out = new Map<string, Buffer>();
  for (const r of rows) {
    if (r.master_key_id !== master.id)
      return err(
        'MASTER_KEY_MISMATCH',
        `data key ${r.id} is wrapped by master key ${r.master_key_id}, but the configured master key is ${master.id}`,
      );
    const key = unwrapKey(master, r.id, r.wrapped_key);
    if (!key)
      return err(
        'MASTER_KEY_WRONG',
        `the configured master key (${master.id}) does not unwrap data key ${r.id}: wrong key for this id`,
      );
    out.set(r.id, key);
  }
  return ok(out);
}

/**
 * Loads the keyring at start: unwraps every data key with the master key (any failure is an error
 * and changes nothing), and creates the first data key and index key on a new database. When
 * `legacyCheck` finds rows encrypted before the keyring, it must decrypt one with this master key
 * first, so a wrong key cannot create keys that would then be taken for the right ones.
 */
export async function openKeyring(
  pool: pg.Pool,
  master: MasterKey,
  opts: {
    legacyCheck?: (probe: (blob: Buffer, aad: string, keyId: string) => boolean) => Promise<{
      legacyRows: boolean;
      readable: boolean;
    }>;
  } = {},
): Promise<Result<Keyring, KeyringError>> {
  const loaded = await inTransaction(pool, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK]);
    const rows = await keyRows(tx);
    const keys = unwrapAll(master, rows);
    if (!keys.ok) return keys;
    const has = (kind: KeyKind) => rows.some((r) => r.kind === kind && r.status === 'active');
    if (!has('data') || !has('index')) {
      const legacy = (await opts.legacyCheck?.((blob, aad, keyId) => {
        try {
          open(legacyDataKey(master, keyId), blob, Buffer.from(aad));
          return true;
        } catch {
          return false;
        }
      })) ?? { legacyRows: false, readable: true };
      if (!legacy.readable)
        return err(
          'MASTER_KEY_WRONG' as const,
          `the configured master key (${master.id}) does not decrypt the existing encrypted data`,
        );
      // An upgraded database keeps its fingerprint key, so existing fingerprints still match.
      if (!has('index'))
        await insertKey(tx, master, 'index', legacy.legacyRows ? legacyIndexKey(master) : randomBytes(32));
      if (!has('data')) await insertKey(tx, master, 'data');
      const again = await keyRows(tx);
      const all = unwrapAll(master, again);
      if (!all.ok) return all;
      return ok({ rows: again, keys: all.value });
    }
    return ok({ rows, keys: keys.value });
  });
  if (!loaded.ok) return loaded;
  return ok(keyringFrom(master, loaded.value.rows, loaded.value.keys));
}

function keyringFrom(master: MasterKey, rows: KeyRow[], keys: Map<string, Buffer>): Keyring {
  const meta = new Map(rows.map((r) => [r.id, { kind: r.kind, status: r.status }]));
  const activeOf = (kind: KeyKind) => {
    const id = [...meta].find(([, m]) => m.kind === kind && m.status === 'active')?.[0];
    if (!id) throw new Error(`no active ${kind} key`);
    return id;
  };
  let activeData = activeOf('data');
  let indexKey = keys.get(activeOf('index'))!;

  const keyFor = (id: string) => {
    const k = keys.get(id);
    if (!k)
      throw new Error(
        `unknown data key ${id} (run refresh, or the key was created under another master key)`,
      );
    return k;
  };

  return {
    masterKeyId: master.id,
    get keyId() {
      return activeData;
    },
    encrypt: (plain, aad) => seal(keyFor(activeData), activeData, plain, aad),
    decrypt(blob, aad, keyId) {
      if (keyId !== undefined && isLegacyKeyId(keyId))
        return open(legacyDataKey(master, keyId), blob, Buffer.from(aad));
      const id = blobKeyId(blob);
      if (!id) throw new Error('not a keyring ciphertext');
      if (keyId !== undefined && keyId !== id)
        throw new Error(`ciphertext is under ${id}, the row says ${keyId}`);
      const headerLen = 2 + blob[1]!;
      return open(
        keyFor(id),
        blob.subarray(headerLen),
        Buffer.concat([blob.subarray(0, headerLen), Buffer.from(aad)]),
      );
    },
    fingerprint: (value) => createHmac('sha256', indexKey).update(value).digest(),
    hmacKey: (purpose) => createHmac('sha256', indexKey).update(`hmac-key:${purpose}`).digest(),
    async refresh(db) {
      for (const r of await keyRows(db)) {
        meta.set(r.id, { kind: r.kind, status: r.status });
        if (keys.has(r.id) || r.master_key_id !== master.id) continue;
        const k = unwrapKey(master, r.id, r.wrapped_key);
        if (k) keys.set(r.id, k);
      }
      const next = activeOf('data');
      if (keys.has(next)) activeData = next;
      const ix = keys.get(activeOf('index'));
      if (ix) indexKey = ix;
    },
    keys: () => [...meta].map(([id, m]) => ({ id, kind: m.kind, status: m.status })),
  };
}

export type KeyListing = {
  id: string;
  kind: KeyKind;
  status: KeyStatus;
  masterKeyId: string;
  createdAt: Date;
  rotatedAt: Date | null;
  retiredAt: Date | null;
};

/** What `yinbao keys list` prints: ids, kinds, statuses and dates — never key material. */
export async function listKeys(db: Executor): Promise<KeyListing[]> {
  const { rows } = await db.query(
    'SELECT id, kind, status, master_key_id, created_at, rotated_at, retired_at FROM data_keys ORDER BY kind, created_at, id',
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    masterKeyId: r.master_key_id,
    createdAt: r.created_at,
    rotatedAt: r.rotated_at,
    retiredAt: r.retired_at,
  }));
}

export { keyRows as storedKeys, LOCK as KEYRING_LOCK };

/** The master key of this configuration: `YINBAO_MASTER_KEY`, or (development) `<dataDir>/master.key`. */
export function masterKeyOf(config: Pick<Config, 'masterKey' | 'masterKeyId' | 'dataDir'>): MasterKey {
  return masterKeyFrom(
    loadOrCreateMasterKey(config.masterKey, join(config.dataDir, 'master.key')),
    config.masterKeyId,
  );
}

/**
 * Start-up: the keyring, or an error that says which master key is expected (nothing is written
 * then); and the upgrade of data from before the keyring, before anything is served.
 */
export async function startKeyring(pool: pg.Pool, master: MasterKey): Promise<Keyring> {
  const r = await openKeyring(pool, master, { legacyCheck: (probe) => legacyCheck(pool, probe) });
  if (!r.ok) throw new Error(`cannot open the keyring (${r.code}): ${r.message}`);
  await upgradeEncryptedData(pool, r.value);
  return r.value;
}
