import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../test/helpers/api.ts';
import { fund, startTestServer, type TestServer } from '../../../test/helpers/server.ts';
import { generateSchemaSource, schemaFile } from '../scripts/codegen.ts';
import { type ApiError, createYinbaoClient, type Money } from './index.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ background: false });
});
afterAll(async () => {
  await s?.stop();
});

/** The first line where two texts differ, to make a stale-client failure readable. */
function firstDifference(a: string, b: string): string {
  const al = a.split('\n');
  const bl = b.split('\n');
  for (let i = 0; i < Math.max(al.length, bl.length); i++) {
    if (al[i] !== bl[i])
      return `line ${i + 1}:\n  committed: ${al[i] ?? '<end>'}\n  server:    ${bl[i] ?? '<end>'}`;
  }
  return '';
}

describe('packages/sdk', () => {
  it('schema.gen.ts matches the OpenAPI document the server serves now', async () => {
    const generated = await generateSchemaSource(await openApiDocument(s));
    const committed = readFileSync(schemaFile, 'utf8');
    if (generated !== committed) {
      expect.fail(
        `packages/sdk is stale: run npm run sdk:generate\n${firstDifference(committed, generated)}`,
      );
    }
    // Not vacuous: the generated text covers the routes and the error contract.
    expect(generated).toContain("'/v1/transfers': {");
    expect(generated).toContain('ApiError: {');
  });

  it('talks to a real server: sign-up, login, /v1/me, a transfer, typed errors', async () => {
    const sent: Request[] = [];
    let token: string | undefined;
    const deviceId = 'sdk-test-device-0001';
    const client = createYinbaoClient({
      baseUrl: `${s.url}/`,
      deviceId,
      getToken: () => token,
      fetch: (req) => {
        sent.push(req.clone());
        return fetch(req);
      },
    });
    const password = 'correct horse battery';

    const alice = await client.POST('/v1/auth/signup', { body: { phone: '13900000101', password } });
    expect(alice.error, JSON.stringify(alice.error)).toBeUndefined();
    expect(alice.response.status).toBe(201);
    const bob = await client.POST('/v1/auth/signup', { body: { phone: '13900000102', password } });
    expect(bob.response.status).toBe(201);
    expect(sent[0]?.headers.get('authorization')).toBeNull(); // no token yet: no header

    const login = await client.POST('/v1/auth/login', { body: { phone: '13900000101', password } });
    if (!login.data) throw new Error(`login failed: ${JSON.stringify(login.error)}`);
    token = login.data.token;
    expect(login.data.customerId).toBe(alice.data?.customer.id);

    const me = await client.GET('/v1/me');
    if (!me.data) throw new Error(`GET /v1/me failed: ${JSON.stringify(me.error)}`);
    expect(me.data.walletId).toBe(alice.data?.customer.walletId);
    expect(me.data.phone).not.toBe('13900000101'); // masked
    const meRequest = sent.at(-1)!;
    expect(meRequest.headers.get('authorization')).toBe(`Bearer ${token}`);
    expect(meRequest.headers.get('x-device-id')).toBe(deviceId);
    expect(meRequest.headers.get('idempotency-key')).toBeNull(); // only POSTs get one

    await fund(s, me.data.walletId, 100_00n);
    const amount: Money = { amount: '12.34', currency: 'CNY' };
    const t = await client.POST('/v1/transfers', { body: { to: { phone: '13900000102' }, amount } });
    if (!t.data) throw new Error(`transfer failed: ${JSON.stringify(t.error)}`);
    expect(t.response.status).toBe(201);
    expect(t.data).toMatchObject({
      status: 'completed',
      amount,
      to: { walletId: bob.data?.customer.walletId },
    });
    const key = sent.at(-1)!.headers.get('idempotency-key');
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const keys = sent.filter((r) => r.method === 'POST').map((r) => r.headers.get('idempotency-key'));
    expect(new Set(keys).size).toBe(keys.length); // a fresh key per POST

    // A caller's own key is kept: the retry replays the first answer and pays once.
    const retry = await client.POST('/v1/transfers', {
      body: { to: { phone: '13900000102' }, amount },
      headers: { 'Idempotency-Key': key! },
    });
    expect(retry.response.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.data?.id).toBe(t.data.id);

    // Errors come back typed as the API's {code, message, details?}.
    const poor = await client.POST('/v1/transfers', {
      body: { to: { phone: '13900000102' }, amount: { amount: '1000.00', currency: 'CNY' } },
    });
    expect(poor.data).toBeUndefined();
    expect(poor.response.status).toBe(422);
    const err: ApiError | undefined = poor.error;
    expect(err?.code).toBe('INSUFFICIENT_FUNDS');
    expect(typeof err?.message).toBe('string');

    const invalid = await client.POST('/v1/transfers', {
      // @ts-expect-error an amount is a {amount, currency} object: the types refuse a bare string
      body: { to: { phone: '13900000102' }, amount: '1.00' },
    });
    expect(invalid.response.status).toBe(400);
    expect(invalid.error?.code).toBe('VALIDATION_ERROR');
    expect(invalid.error?.details).toHaveProperty('issues');

    const wallet = await client.GET('/v1/wallets/{walletId}', {
      params: { path: { walletId: me.data.walletId } },
    });
    expect(wallet.data?.balances[0]?.available).toBe('87.66');
  });
});
