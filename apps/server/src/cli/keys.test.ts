import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signup, startTestServer, type TestServer } from '../../../../test/helpers/server.ts';
import { loadConfig } from '../platform/config.ts';
import { rowsPerKey } from '../platform/encrypted-fields.ts';
import { masterKeyFrom } from '../platform/keyring.ts';
import { reencryptCommand, rotateCommand } from './keys.ts';

const OLD = Buffer.alloc(32, 7).toString('base64');
const NEW = Buffer.alloc(32, 11).toString('base64');

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ background: false });
});
afterAll(async () => {
  await s.stop();
});

describe('yinbao keys rotate', () => {
  it('rotates the data key, then the master key, printing ids and counts but never a key', async () => {
    await signup(s, '13612300001');
    const lines: string[] = [];
    const say = (m: string) => void lines.push(m);
    const config = loadConfig({ DATABASE_URL: s.db.url, YINBAO_MASTER_KEY: OLD });
    expect(await rotateCommand(config, { batchSize: '500', wait: '0' }, say, {})).toBe(2);

    expect(await rotateCommand(config, { dataKey: true, batchSize: '1', wait: '0' }, say, {})).toBe(0);
    const active = (
      await s.db.pool.query(`SELECT id FROM data_keys WHERE kind = 'data' AND status = 'active'`)
    ).rows[0].id;
    expect([...(await rowsPerKey(s.db.pool)).keys()]).toEqual([active]);
    expect(await reencryptCommand(config, 10, say)).toBe(0);

    expect(
      await rotateCommand(config, { batchSize: '500', wait: '0' }, say, { YINBAO_NEW_MASTER_KEY: NEW }),
    ).toBe(0);
    const masters = (await s.db.pool.query('SELECT DISTINCT master_key_id FROM data_keys')).rows;
    expect(masters).toEqual([{ master_key_id: masterKeyFrom(NEW).id }]);
    // The old key no longer works: nothing changes, exit 1.
    expect(await rotateCommand(config, { newMasterKey: NEW, batchSize: '1', wait: '0' }, say, {})).toBe(1);

    const out = lines.join('\n');
    expect(out).toContain(active);
    expect(out).toContain(masterKeyFrom(NEW).id);
    expect(out).toContain('nothing changed (MASTER_KEY_MISMATCH)');
    for (const secret of [OLD, NEW, Buffer.from(NEW, 'base64').toString('hex')])
      expect(out).not.toContain(secret);
  });
});
