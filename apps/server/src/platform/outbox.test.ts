import { uuidv7 } from '@yinbao/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/helpers/db.ts';
import { createLogger } from './logger.ts';
import { createOutboxWorker, type StoredEvent, writeOutbox } from './outbox.ts';
import { inTransaction } from './sql.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});
const logger = createLogger({ level: 'silent' });

describe('outbox', () => {
  it('events exist only if their transaction commits', async () => {
    const id = uuidv7();
    await expect(
      inTransaction(db.pool, async (tx) => {
        await writeOutbox(tx, [{ id, topic: 't.rolled_back', payload: {} }]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const { rowCount } = await db.pool.query('SELECT 1 FROM outbox_events WHERE id = $1', [id]);
    expect(rowCount).toBe(0);
  });

  it('delivers each event at least once in order, backs off a failing handler and retries it', async () => {
    const seen: string[] = [];
    let failOnce = true;
    const worker = createOutboxWorker({
      pool: db.pool,
      logger,
      handlers: {
        'x.ok': [async (e: StoredEvent) => void seen.push(e.id)],
        'x.flaky': [
          async (e: StoredEvent) => {
            if (failOnce) {
              failOnce = false;
              throw new Error('downstream unavailable');
            }
            seen.push(e.id);
          },
        ],
      },
    });
    const ids = [uuidv7(), uuidv7(), uuidv7()];
    await inTransaction(db.pool, (tx) =>
      writeOutbox(tx, [
        { id: ids[0], topic: 'x.ok', payload: { n: 1 } },
        { id: ids[1], topic: 'x.flaky', payload: { n: 2 } },
        { id: ids[2], topic: 'x.ok', payload: { n: 3 } },
      ]),
    );
    expect(await worker.runOnce()).toBe(2);
    expect(seen).toEqual([ids[0], ids[2]]);
    const failed = await db.pool.query(
      'SELECT attempts, last_error, next_attempt_at > now() AS later FROM outbox_events WHERE id = $1',
      [ids[1]],
    );
    expect(failed.rows[0]).toMatchObject({ attempts: 1, last_error: 'downstream unavailable', later: true });
    expect(await worker.runOnce()).toBe(0);
    await db.pool.query('UPDATE outbox_events SET next_attempt_at = now() WHERE id = $1', [ids[1]]);
    expect(await worker.runOnce()).toBe(1);
    expect(seen).toEqual([ids[0], ids[2], ids[1]]);
  });
});
