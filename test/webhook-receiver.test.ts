import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { signPayload } from '@yinbao/signature';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The example receiver in docs/examples (what merchants copy) against our signer: it accepts what
 * Yinbao signs — also during a secret rotation — and refuses anything altered, stale or unsigned.
 */
const script = fileURLToPath(new URL('../docs/examples/webhook-receiver.mjs', import.meta.url));
let child: ChildProcess;
let url: string;
const lines: string[] = [];

beforeAll(async () => {
  child = spawn(process.execPath, [script], {
    env: { ...process.env, PORT: '0', YINBAO_WEBHOOK_SECRETS: 'whsec_new,whsec_old' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      for (const l of d.toString().split('\n').filter(Boolean)) {
        lines.push(l);
        const m = /listening on (http:\/\/\S+)/.exec(l);
        if (m) resolve(m[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`receiver exited ${code}`)));
  });
});
afterAll(() => {
  child?.kill();
});

const post = (body: string, signature?: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'x-signature': signature } : {}) },
    body,
  });
const event = (id: string) => JSON.stringify({ id, type: 'order.paid', data: { amount: '12.30' } });

describe('the example webhook receiver (docs/examples/webhook-receiver.mjs)', () => {
  it('accepts a signed event once; a redelivery with the same id is acknowledged as a duplicate', async () => {
    const body = event('evt_1');
    const r = await post(body, signPayload('whsec_new', body));
    expect([r.status, await r.json()]).toEqual([200, { status: 'ok' }]);
    const again = await post(body, signPayload('whsec_new', body));
    expect([again.status, await again.json()]).toEqual([200, { status: 'duplicate' }]);
    expect(lines.filter((l) => l.includes('evt_1'))).toHaveLength(1);
  });

  it('accepts either secret during a rotation (one v1 each)', async () => {
    const body = event('evt_2');
    expect((await post(body, signPayload(['whsec_other', 'whsec_old'], body))).status).toBe(200);
  });

  it('refuses an altered body, a wrong secret, a stale timestamp and a missing signature', async () => {
    const body = event('evt_3');
    const sig = signPayload('whsec_new', body);
    expect((await post(body.replace('12.30', '92.30'), sig)).status).toBe(400);
    expect((await post(body, signPayload('whsec_wrong', body))).status).toBe(400);
    expect(
      (await post(body, signPayload('whsec_new', body, Math.floor(Date.now() / 1000) - 600))).status,
    ).toBe(400);
    expect((await post(body)).status).toBe(400);
    expect(lines.some((l) => l.includes('evt_3'))).toBe(false);
  });
});
