import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2e, newContext, screenshot, startE2e, VIEWPORTS, webDist } from './browser.ts';

/** The JavaScript a first visit loads: the entry script and the chunks index.html preloads. */
function initialJavaScript() {
  const html = readFileSync(join(webDist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  return files.map((f) => {
    const bytes = readFileSync(join(webDist, f));
    return { file: f, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
}

// The installable app: its manifest and icons, and the offline shell kept by the service worker.
describe('PWA: manifest, icons, offline shell', () => {
  let e: E2e;
  beforeAll(async () => {
    e = await startE2e();
  }, 120_000);
  afterAll(async () => {
    await e?.close();
  });

  it('serves an installable manifest whose icons exist, and the page links it', async () => {
    const res = await fetch(`${e.url}/manifest.webmanifest`);
    expect(res.status).toBe(200);
    const manifest = (await res.json()) as {
      name: string;
      start_url: string;
      display: string;
      icons: { src: string; sizes: string; type: string; purpose?: string }[];
    };
    expect(manifest).toMatchObject({ start_url: '/', display: 'standalone' });
    expect(manifest.name).toContain('银包');
    // Chromium's install criteria: a 192 px and a 512 px PNG; a maskable one for Android's shapes.
    for (const size of ['192x192', '512x512']) {
      expect(manifest.icons.some((i) => i.sizes === size && i.type === 'image/png')).toBe(true);
    }
    expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);
    for (const icon of manifest.icons) {
      const r = await fetch(`${e.url}${icon.src}`);
      expect(r.status, icon.src).toBe(200);
      expect(r.headers.get('content-type'), icon.src).toContain(icon.type.split('+')[0]);
    }
    const html = await (await fetch(`${e.url}/`, { headers: { accept: 'text/html' } })).text();
    expect(html).toContain('<link rel="manifest" href="/manifest.webmanifest"');
    // The service worker itself is never cached by HTTP (a new build must be picked up).
    const sw = await fetch(`${e.url}/sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get('cache-control')).toContain('no-cache');
    const source = await sw.text();
    expect(source).not.toContain('__YB_SHELL__');
    // Every file of the offline shell exists (one missing file makes the whole install fail).
    const shell = JSON.parse(/const SHELL = (\[.*?\]);/s.exec(source)![1]!) as string[];
    expect(shell).toContain('/index.html');
    const missing: string[] = [];
    for (const f of shell) if ((await fetch(`${e.url}${f}`)).status !== 200) missing.push(f);
    expect(missing).toEqual([]);
  });

  it('initial JavaScript of the customer app stays within 200 kB gzipped (route-level code splitting)', () => {
    const files = initialJavaScript();
    const gzip = files.reduce((n, f) => n + f.gzip, 0);
    const raw = files.reduce((n, f) => n + f.raw, 0);
    console.log(
      `initial JS: ${(gzip / 1024).toFixed(1)} kB gzipped (${(raw / 1024).toFixed(1)} kB raw) in ${files.length} files: ` +
        files.map((f) => `${f.file} ${(f.gzip / 1024).toFixed(1)} kB`).join(', '),
    );
    expect(files.length).toBeGreaterThan(0);
    expect(gzip).toBeLessThanOrEqual(200 * 1024);
  });

  it('offline: the app still opens (from the service worker) and says it is offline; the API is never cached', async () => {
    const context = await newContext(e.browser, VIEWPORTS[0]);
    const page = await context.newPage();
    try {
      await page.goto(`${e.url}/`);
      await page.waitForURL('**/welcome');
      // Installed and controlling the page (clients.claim): the shell is in its cache.
      await page.evaluate('navigator.serviceWorker.ready');
      await expect.poll(() => page.evaluate('!!navigator.serviceWorker.controller')).toBe(true);
      const cached = (await page.evaluate(
        'caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.keys())))).then(a => a.flat().map(r => new URL(r.url).pathname))',
      )) as string[];
      expect(cached).toContain('/index.html');
      expect(cached.some((p) => p.startsWith('/assets/'))).toBe(true);
      expect(cached.filter((p) => p.startsWith('/v1/'))).toEqual([]);

      await context.setOffline(true);
      await page.reload();
      await page.getByRole('status').waitFor();
      expect(await page.getByRole('status').textContent()).toContain('网络已断开');
      // The welcome screen itself is there (the shell came from the cache).
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('欢迎使用银包');
      await screenshot(page, 'offline-zh-phone');

      await context.setOffline(false);
      await expect.poll(() => page.getByRole('status').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
