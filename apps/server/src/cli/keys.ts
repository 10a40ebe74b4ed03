import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../platform/config.ts';
import { reencryptRows } from '../platform/encrypted-fields.ts';
import { rewrapDataKeys, rotateDataKey } from '../platform/key-rotation.ts';
import { masterKeyFrom, masterKeyOf, startKeyring } from '../platform/keyring.ts';
import { openDatabase } from '../runtime.ts';

export type RotateOpts = {
  newMasterKey?: string;
  newMasterKeyId?: string;
  dataKey?: boolean;
  batchSize: string;
  wait: string;
};

/**
 * `yinbao keys rotate`. Prints ids and counts only, never a key. Returns the exit code.
 * In development (no YINBAO_MASTER_KEY: the key lives in `<dataDir>/master.key`) a new master key
 * replaces that file once the re-wrap has committed.
 */
export async function rotateCommand(
  config: Config,
  opts: RotateOpts,
  say: (m: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const newKey = opts.newMasterKey ?? env.YINBAO_NEW_MASTER_KEY;
  if (!newKey && !opts.dataKey) {
    say('nothing to rotate: give --new-master-key <base64> (or YINBAO_NEW_MASTER_KEY) and/or --data-key');
    return 2;
  }
  // The development key file holds no id: the new key keeps the default (derived) one there.
  const nextId = config.masterKey ? (opts.newMasterKeyId ?? env.YINBAO_NEW_MASTER_KEY_ID) : undefined;
  const next = newKey ? masterKeyFrom(newKey, nextId) : null;
  const db = await openDatabase(config);
  try {
    const current = masterKeyOf(config);
    if (opts.dataKey) {
      const keyring = await startKeyring(db.pool, current);
      const r = await rotateDataKey(db.pool, keyring, current, {
        batchSize: Number(opts.batchSize),
        settleMs: Number(opts.wait) * 1000,
        onBatch: (table, n) => say(`  re-encrypted ${n} rows of ${table}`),
      });
      say(
        `data key ${r.keyId} is active; ${r.retired.join(', ')} retired; ${r.reencrypted} rows re-encrypted`,
      );
    }
    if (next) {
      const devFile = config.masterKey ? null : join(config.dataDir, 'master.key');
      if (devFile) writeFileSync(`${devFile}.new`, newKey!.trim(), { mode: 0o600 });
      const r = await rewrapDataKeys(db.pool, current, next);
      if (!r.ok) {
        if (devFile) rmSync(`${devFile}.new`, { force: true });
        say(`nothing changed (${r.code}): ${r.message}`);
        return 1;
      }
      say(`${r.value.rewrapped} keys re-wrapped under master key ${next.id} (was ${current.id}).`);
      if (devFile && existsSync(`${devFile}.new`)) {
        renameSync(`${devFile}.new`, devFile);
        say(`development key file ${devFile} now holds the new master key.`);
      } else {
        say(
          `Now set YINBAO_MASTER_KEY to the new key${opts.newMasterKeyId ? ` and YINBAO_MASTER_KEY_ID=${next.id}` : ''}` +
            ' and restart every server; the old master key unwraps nothing any more.',
        );
      }
    }
    return 0;
  } finally {
    await db.close();
  }
}

/** `yinbao keys reencrypt`: resumes a data-key rotation that stopped half-way. */
export async function reencryptCommand(
  config: Config,
  batchSize: number,
  say: (m: string) => void,
): Promise<number> {
  const db = await openDatabase(config);
  try {
    const keyring = await startKeyring(db.pool, masterKeyOf(config));
    const r = await reencryptRows(db.pool, keyring, { batchSize });
    say(`${r.rows} rows re-encrypted under ${keyring.keyId}`);
    return 0;
  } finally {
    await db.close();
  }
}
