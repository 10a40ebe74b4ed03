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
  staffTotpSecret: (staffId: string) => `staff-totp:${staffId}`,
  kycName: (customerId: string) => `kyc:name:${customerId}`,
  kycIdNumber: (customerId: string) => `kyc:id:${customerId}`,
  signupPhone: (verificationId: string) => `signup:phone:${verificationId}`,
  merchantSettlementAccount: (merchantId: string) => `merchant:settlement_account:${merchantId}`,
  merchantContactPhone: (merchantId: string) => `merchant:contact_phone:${merchantId}`,
  merchantContactEmail: (merchantId: string) => `merchant:contact_email:${merchantId}`,
  webhookSecret: (secretId: string) => `webhook:secret:${secretId}`,
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
    table: 'staff_totp',
    pk: 'staff_id',
    keyIdColumn: 'secret_key_id',
    fields: [{ column: 'secret_ciphertext', aad: AAD.staffTotpSecret }],
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
  {
    table: 'signup_verifications',
    pk: 'id',
    keyIdColumn: 'phone_key_id',
    fields: [{ column: 'phone_ciphertext', aad: AAD.signupPhone }],
  },
  {
    table: 'merchants',
    pk: 'id',
    keyIdColumn: 'settlement_account_key_id',
    fields: [{ column: 'settlement_account_ciphertext', aad: AAD.merchantSettlementAccount }],
  },
  {
    table: 'merchants',
    pk: 'id',
    keyIdColumn: 'contact_key_id',
    fields: [
      { column: 'contact_phone_ciphertext', aad: AAD.merchantContactPhone },
      { column: 'contact_email_ciphertext', aad: AAD.merchantContactEmail },
    ],
  },
  {
    table: 'webhook_secrets',
    pk: 'id',
    keyIdColumn: 'key_id',
    fields: [{ column: 'secret_ciphertext', aad: AAD.webhookSecret }],
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

/**
 * Encrypts one batch of the clear values migration 0120 parked, a row's fields in one UPDATE (the
 * "encrypted" constraints check the whole row). Returns how many rows it did.
 */
async function backfillBatch(tx: pg.PoolClient, keyring: Keyring, size: number): Promise<number> {
  const key = keyring.keyId;
  const { rows: people } = await tx.query(
    `SELECT row_id, max(value) FILTER (WHERE field = 'phone') AS phone,
            max(value) FILTER (WHERE field = 'display_name') AS display_name
       FROM pii_backfill WHERE table_name = 'customers' GROUP BY row_id ORDER BY row_id LIMIT $1`,
    [size],
  );
  for (const r of people) {
    const id = r.row_id as string;
    await tx.query(
      `UPDATE customers SET phone_ciphertext = $2, phone_key_id = $3, phone_index = $4,
          display_name_ciphertext = $5, display_name_key_id = $3 WHERE id = $1`,
      [
        id,
        keyring.encrypt(r.phone, AAD.customerPhone(id)),
        key,
        phoneIndex(keyring, r.phone),
        keyring.encrypt(r.display_name, AAD.customerDisplayName(id)),
      ],
    );
  }
  const { rows: cards } = await tx.query(
    `SELECT row_id, value FROM pii_backfill WHERE table_name = 'cards' AND field = 'holder_name'
      ORDER BY row_id LIMIT $1`,
    [size],
  );
  for (const r of cards) {
    const id = r.row_id as string;
    await tx.query('UPDATE cards SET holder_name_ciphertext = $2, holder_name_key_id = $3 WHERE id = $1', [
      id,
      keyring.encrypt(r.value, AAD.cardHolderName(id)),
      key,
    ]);
  }
  await tx.query(
    `DELETE FROM pii_backfill WHERE (table_name = 'customers' AND row_id = ANY($1::uuid[]))
        OR (table_name = 'cards' AND row_id = ANY($2::uuid[]))`,
    [people.map((r) => r.row_id), cards.map((r) => r.row_id)],
  );
  return people.length + cards.length;
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
        const done = await backfillBatch(tx, keyring, 500);
        if (done > 0) return done;
        const left = await tx.query('SELECT table_name, field FROM pii_backfill LIMIT 1');
        if (left.rows[0])
          throw new Error(`pii_backfill: unknown field ${left.rows[0].table_name}.${left.rows[0].field}`);
        // The final DDL needs the owner's rights, not the application role's (migration 0150): this
        // one transaction works as the login role (the owner in the embedded setup; a restricted
        // production login fails here with a clear error, and `yinbao start` as the owner finishes it).
        await tx.query('SET LOCAL ROLE NONE');
        await tx.query('ALTER TABLE customers VALIDATE CONSTRAINT customers_pii_encrypted');
        await tx.query('ALTER TABLE cards VALIDATE CONSTRAINT cards_holder_name_encrypted');
        await tx.query('DROP TABLE pii_backfill');
        return 0;
      });
      if (n === 0) break;
      backfilled += n;
    }
  }
  const { rows: reencrypted } = await reencryptRows(pool, keyring, { legacyOnly: true });
  return { backfilled, reencrypted };
}
