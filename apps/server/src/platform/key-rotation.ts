import type pg from 'pg';
import { type ReencryptOptions, reencryptRows } from './encrypted-fields.ts';
import { err, ok, type Result } from './errors.ts';
import {
  insertKey,
  KEYRING_LOCK,
  type Keyring,
  type KeyringError,
  type MasterKey,
  storedKeys,
  unwrapAll,
  wrapKey,
} from './keyring.ts';
import { inTransaction } from './sql.ts';

export type RotationError = KeyringError | 'SAME_MASTER_KEY';

/**
 * `yinbao keys rotate --new-master-key`: re-wraps every data key (and the index key) under the new
 * master key, in one transaction. The data itself is untouched; once the configuration names the new
 * key, the old one unwraps nothing any more. Every key must unwrap with the current master key, or
 * nothing changes.
 */
export async function rewrapDataKeys(
  pool: pg.Pool,
  current: MasterKey,
  next: MasterKey,
): Promise<Result<{ rewrapped: number }, RotationError>> {
  if (current.key.equals(next.key)) return err('SAME_MASTER_KEY', 'the new master key is the current one');
  if (current.id === next.id)
    return err('SAME_MASTER_KEY', `the new master key needs another id than ${current.id}`);
  return inTransaction(pool, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [KEYRING_LOCK]);
    const rows = await storedKeys(tx, true);
    const keys = unwrapAll(current, rows);
    if (!keys.ok) return keys;
    for (const [id, key] of keys.value) {
      await tx.query(
        'UPDATE data_keys SET wrapped_key = $2, master_key_id = $3, rotated_at = now() WHERE id = $1',
        [id, wrapKey(next, id, key), next.id],
      );
    }
    return ok({ rewrapped: keys.value.size });
  });
}

/**
 * `yinbao keys rotate --data-key`: a new active data key (the old one is retired: it still decrypts
 * but encrypts nothing new), then every row is re-encrypted under it in batches. If it stops, run
 * `yinbao keys reencrypt` (or this again) to finish: both only touch rows not yet under the active key.
 */
export async function rotateDataKey(
  pool: pg.Pool,
  keyring: Keyring,
  master: MasterKey,
  opts: ReencryptOptions & { settleMs?: number } = {},
): Promise<{ keyId: string; retired: string[]; reencrypted: number; complete: boolean }> {
  const before = keyring.keyId;
  const keyId = await inTransaction(pool, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [KEYRING_LOCK]);
    return insertKey(tx, master, 'data');
  });
  await keyring.refresh(pool);
  if (keyring.keyId !== keyId) throw new Error(`the new data key ${keyId} did not load`);
  // Running servers load new keys every few seconds (KEY_REFRESH_MS): rows re-encrypted under the
  // new key before they have would not decrypt there.
  if (opts.settleMs) await new Promise((r) => setTimeout(r, opts.settleMs));
  const r = await reencryptRows(pool, keyring, opts);
  return { keyId, retired: [before], reencrypted: r.rows, complete: r.complete };
}
