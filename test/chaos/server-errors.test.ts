import { describe, expect, it } from 'vitest';
import { summariseErrors, unexplainedServerErrors } from './server-errors.ts';

const line = (o: object) => JSON.stringify({ time: 1, pid: 1, ...o });

describe('server errors a database outage does not explain', () => {
  it('keeps a handler error, drops connection failures and lower levels', () => {
    const lines = [
      line({ level: 50, msg: 'unhandled error', err: { message: 'unexpected ledger result X' } }),
      line({
        level: 50,
        msg: 'x',
        err: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' },
      }),
      line({ level: 50, msg: 'x', err: { code: '57P01', message: 'terminating connection' } }),
      line({
        level: 50,
        msg: 'x',
        err: { message: 'Client has encountered a connection error and is not queryable' },
      }),
      line({ level: 50, msg: 'x', err: { code: '57P03', message: 'the database system is starting up' } }),
      line({ level: 40, msg: 'expiry sweep failed', err: { message: 'boom' } }),
      line({ level: 60, msg: 'fatal', err: { message: 'out of memory' } }),
      'not json',
      '{broken',
    ];
    const found = unexplainedServerErrors(lines);
    expect(found).toEqual(['unexpected ledger result X', 'out of memory']);
    expect(summariseErrors([...found, 'out of memory'])).toBe(
      'out of memory ×2; unexpected ledger result X ×1',
    );
  });
});
