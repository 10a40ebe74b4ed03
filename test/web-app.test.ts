import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild, webBuildIsStale } from '../apps/server/src/cli/web-build.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

// The production path: `vite build` of apps/web (as `yinbao start` runs it), served by the API server.
describe('the web app served by the API', () => {
  const dist = mkdtempSync(join(tmpdir(), 'yb-web-'));
  let s: TestServer;
  const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

  beforeAll(async () => {
    rmSync(dist, { recursive: true, force: true });
    expect(webBuildIsStale(undefined, dist)).toBe(true);
    const log: string[] = [];
    ensureWebBuild((m) => log.push(m), dist);
    expect(log.join('\n')).not.toMatch(/failed|not installed/);
    expect(webBuildIsStale(undefined, dist)).toBe(false);
    s = await startTestServer({ webRoot: dist });
  }, 90_000);
  afterAll(async () => {
    await s?.stop();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html at / and at a deep link, never cached', async () => {
    for (const path of ['/', '/home', '/sign-in?next=1']) {
      const res = await fetch(s.url + path, { headers: html });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const body = await res.text();
      expect(body).toContain('<div id="root"></div>');
      expect(body).toMatch(/src="\/assets\/index-[\w-]+\.js"/);
    }
  });

  it('serves hashed assets with a year-long immutable cache', async () => {
    const js = readdirSync(join(dist, 'assets')).find((f) => f.endsWith('.js'))!;
    const res = await fetch(`${s.url}/assets/${js}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await fetch(`${s.url}/assets/index-nope.js`, { headers: html });
    expect(missing.status).toBe(404);
  });

  it('keeps the API JSON: unknown /v1 routes, health, OpenAPI', async () => {
    const nope = await fetch(`${s.url}/v1/nope`, { headers: html });
    expect(nope.status).toBe(404);
    expect(await nope.json()).toMatchObject({ code: 'NOT_FOUND' });
    const health = await fetch(`${s.url}/healthz`, { headers: html });
    expect(await health.json()).toEqual({ status: 'ok' });
    const openapi = await fetch(`${s.url}/openapi.json`);
    expect((await openapi.json()) as { openapi: string }).toMatchObject({ openapi: '3.1.0' });
    expect((await fetch(`${s.url}/docs`, { headers: html })).status).toBe(200);
    // A client that does not ask for HTML (an API client, curl) gets the JSON 404, not the app.
    const plain = await fetch(`${s.url}/somewhere`, { headers: { accept: 'application/json' } });
    expect(plain.status).toBe(404);
    expect(await plain.json()).toMatchObject({ code: 'NOT_FOUND' });
    const post = await fetch(`${s.url}/home`, { method: 'POST', headers: html });
    expect(post.status).toBe(404);
  });
});
