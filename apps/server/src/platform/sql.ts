import type pg from 'pg';

/** Anything that runs SQL: the pool, or a client inside a transaction. Repositories take it first. */
export type Executor = pg.Pool | pg.PoolClient;

/** Runs `fn` in one transaction on one client; only `tx` may be used inside. */
export async function inTransaction<T>(pool: pg.Pool, fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
