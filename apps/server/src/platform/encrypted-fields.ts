import type pg from 'pg';
import type { Keyring } from './keyring.ts';
import type { Vault } from './secrets.ts';
import { type Executor, inTransaction } from './sql.ts';

/**
 * Every encrypted column of the database, for the jobs that must touch them all without knowing the
 * modules: re-encryption under a new data key (`yinbao keys rotate --data-key`) and the start-up
 * upgrade of data written before the keyring. A module that adds an encrypted column adds it here
 * (the rotation tests read every field back through the API afterwards).
 */

/** Associated data of each field: a ciphertext copied to another row or field does not decrypt. */
export const AAD = {
  customerPhone: (customerId: string) => `customer:phone:${customerId}`,
  customerDisplayName: (customerId: string) => `customer:display_name:${customerId}`,
  cardPan: (cardId: string) => cardId,
  cardHolderName: (cardId: string) => `card:holder_name:${cardId}`,
  totpSecret: (customerId: string) => `totp:${customerId}`,
  kycName: (customerId: string) => `kyc:name:${customerId}`,
  kycIdNumber: (customerId: string) => `kyc:id:${customerId}`,
};

/** The blind index of a phone number (E.164): equality lookups without storing the number. */
export const phoneIndex = (vault: Pick<Vault, 'fingerprint'>, e164: string) =>
  vault.fingerprint(`phone:${e164}`);

/** Columns encrypted under one key id column (a row's fields are re-encrypted together). */
type EncryptedGroup = {
  table: string;
  pk: string;
  keyIdColumn: string;
  fields: Array<{ column: string; aad: (rowId: string) => string }>;
};

export const ENCRYPTED_FIELDS: EncryptedGroup[] = [
  {
    table: 'customers',
    pk: 'id',
    keyIdColumn: 'phone_key_id',
    fields: [{ column: 'phone_ciphertext', aad: AAD.customerPhone }],
  },
  {
    table: 'customers',
    pk: 'id',
    keyIdColumn: 'display_name_key_id',
    fields: [{ column: 'display_name_ciphertext', aad: AAD.customerDisplayName }],
  },
  {
    table: 'cards',
    pk: 'id',
    keyIdColumn: 'pan_key_id',
    fields: [{ column: 'pan_ciphertext', aad: AAD.cardPan }],
  },
  {
    table: 'cards',
    pk: 'id',
    keyIdColumn: 'holder_name_key_id',
    fields: [{ column: 'holder_name_ciphertext', aad: AAD.cardHolderName }],
  },
  {
    table: 'customer_totp',
    pk: 'customer_id',
    keyIdColumn: 'secret_key_id',
    fields: [{ column: 'secret_ciphertext', aad: AAD.totpSecret }],
  },
  {
    table: 'kyc_identities',
    pk: 'customer_id',
    keyIdColumn: 'key_id',
    fields: [
      { column: 'name_ciphertext', aad: AAD.kycName },
      { column: 'id_ciphertext', aad: AAD.kycIdNumber },
    ],
  },
];

const LEGACY = (col: string) => `${col} NOT LIKE 'dk\\_%'`;

export type ReencryptOptions = {
  batchSize?: number;
  /** Only blobs from before the keyring (start-up upgrade); otherwise every row not under the active key. */
  legacyOnly?: boolean;
  /** Stop after this many batches (tests use it to interrupt a rotation). */
  maxBatches?: number;
  onBatch?: (table: string, rows: number) => void;
};

/**
 * Re-encrypts, in batches of one transaction each, every field whose row is not under the active
 * data key. Idempotent and resumable: a batch commits its rows with their new key id, so a run that
 * stops half-way leaves readable rows under either key, and the next run continues where it stopped.
 */
export async function reencryptRows(
  pool: pg.Pool,
  keyring: Keyring,
  opts: ReencryptOptions = {},
): Promise<{ rows: number; complete: boolean }> {
  const size = opts.batchSize ?? 500;
  let total = 0;
  let batches = 0;
  for (const g of ENCRYPTED_FIELDS) {
    for (;;) {
      if (opts.maxBatches !== undefined && batches >= opts.maxBatches)
        return { rows: total, complete: false };
      const n = await inTransaction(pool, async (tx) => {
        const active = keyring.keyId;
        const cols = g.fields.map((f) => f.column);
        const { rows } = await tx.query(
          `SELECT ${g.pk} AS id, ${g.keyIdColumn} AS key_id, ${cols.join(', ')} FROM ${g.table}
            WHERE ${g.keyIdColumn} IS NOT NULL AND ${opts.legacyOnly ? LEGACY(g.keyIdColumn) : `${g.keyIdColumn} <> $2`}
            ORDER BY ${g.pk} LIMIT $1 FOR UPDATE`,
          opts.legacyOnly ? [size] : [size, active],
        );
        if (rows.length === 0) return 0;
        const fresh = g.fields.map((f) =>
          rows.map((r) => keyring.encrypt(keyring.decrypt(r[f.column], f.aad(r.id), r.key_id), f.aad(r.id))),
        );
        const sets = cols.map((c, i) => `${c} = u.c${i}`).join(', ');
        const unnest = cols.map((_, i) => `$${i + 3}::bytea[]`).join(', ');
        const names = cols.map((_, i) => `c${i}`).join(', ');
        await tx.query(
          `UPDATE ${g.table} t SET ${sets}, ${g.keyIdColumn} = $2
             FROM unnest($1::uuid[], ${unnest}) AS u(id, ${names}) WHERE t.${g.pk} = u.id`,
          [rows.map((r) => r.id), active, ...fresh],
        );
        return rows.length;
      });
      if (n === 0) break;
      total += n;
      batches++;
      opts.onBatch?.(g.table, n);
    }
  }
  return { rows: total, complete: true };
}

/** How many rows each key id still encrypts (for `yinbao keys list` and to know a rotation is done). */
export async function rowsPerKey(db: Executor): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const g of ENCRYPTED_FIELDS) {
    const { rows } = await db.query(
      `SELECT ${g.keyIdColumn} AS key_id, count(*)::int AS n FROM ${g.table}
        WHERE ${g.keyIdColumn} IS NOT NULL GROUP BY 1`,
    );
    for (const r of rows) out.set(r.key_id, (out.get(r.key_id) ?? 0) + r.n);
  }
  return out;
}

/**
 * For the keyring's first start on a database from before it: whether blobs of that era exist, and
 * whether the configured master key decrypts one (checked before any key is created).
 */
export async function legacyCheck(
  db: Executor,
  probe: (blob: Buffer, aad: string, keyId: string) => boolean,
): Promise<{ legacyRows: boolean; readable: boolean }> {
  for (const g of ENCRYPTED_FIELDS) {
    const f = g.fields[0]!;
    const { rows } = await db.query(
      `SELECT ${g.pk} AS id, ${g.keyIdColumn} AS key_id, ${f.column} AS blob FROM ${g.table}
        WHERE ${g.keyIdColumn} IS NOT NULL AND ${LEGACY(g.keyIdColumn)} LIMIT 1`,
    );
    const r = rows[0];
    if (r) return { legacyRows: true, readable: probe(r.blob, f.aad(r.id), r.key_id) };
  }
  return { legacyRows: false, readable: true };
}

type Backfill = { table_name: string; row_id: string; field: string; value: string };

/** Where each clear value parked by migration 0120 goes, encrypted. */
async function storeBackfilled(tx: pg.PoolClient, keyring: Keyring, r: Backfill): Promise<void> {
  const id = r.row_id;
  const key = keyring.keyId;
  switch (`${r.table_name}.${r.field}`) {
    case 'customers.phone':
      await tx.query(
        'UPDATE customers SET phone_ciphertext = $2, phone_key_id = $3, phone_index = $4 WHERE id = $1',
        [id, keyring.encrypt(r.value, AAD.customerPhone(id)), key, phoneIndex(keyring, r.value)],
      );
      return;
    case 'customers.display_name':
      await tx.query(
        'UPDATE customers SET display_name_ciphertext = $2, display_name_key_id = $3 WHERE id = $1',
        [id, keyring.encrypt(r.value, AAD.customerDisplayName(id)), key],
      );
      return;
    case 'cards.holder_name':
      await tx.query('UPDATE cards SET holder_name_ciphertext = $2, holder_name_key_id = $3 WHERE id = $1', [
        id,
        keyring.encrypt(r.value, AAD.cardHolderName(id)),
        key,
      ]);
      return;
    default:
      throw new Error(`pii_backfill: unknown field ${r.table_name}.${r.field}`);
  }
}

/**
 * Run at start, after migrations and before serving (a no-op once done): encrypts the clear values
 * migration 0120 parked in `pii_backfill` (then validates the "encrypted" constraints and drops the
 * table, so no clear copy is left), and re-encrypts blobs from before the keyring under the active
 * data key (their keys were derived from the master key, so they must go before it can rotate).
 */
export async function upgradeEncryptedData(
  pool: pg.Pool,
  keyring: Keyring,
): Promise<{ backfilled: number; reencrypted: number }> {
  let backfilled = 0;
  const parked = async (db: Executor) =>
    !!(await db.query(`SELECT to_regclass('public.pii_backfill') AS t`)).rows[0].t;
  if (await parked(pool)) {
    for (;;) {
      const n = await inTransaction(pool, async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock(7366004)');
        if (!(await parked(tx))) return 0;
        const { rows } = await tx.query<Backfill>(
          'SELECT table_name, row_id, field, value FROM pii_backfill ORDER BY table_name, row_id, field LIMIT 500',
        );
        if (rows.length === 0) {
          await tx.query('ALTER TABLE customers VALIDATE CONSTRAINT customers_pii_encrypted');
          await tx.query('ALTER TABLE cards VALIDATE CONSTRAINT cards_holder_name_encrypted');
          await tx.query('DROP TABLE pii_backfill');
          return 0;
        }
        for (const r of rows) {
          await storeBackfilled(tx, keyring, r);
          await tx.query('DELETE FROM pii_backfill WHERE table_name = $1 AND row_id = $2 AND field = $3', [
            r.table_name,
            r.row_id,
            r.field,
          ]);
        }
        return rows.length;
      });
      if (n === 0) break;
      backfilled += n;
    }
  }
  const { rows: reencrypted } = await reencryptRows(pool, keyring, { legacyOnly: true });
  return { backfilled, reencrypted };
}
