/**
 * The service worker, emitted as `/sw.js` by the `serviceWorker` plugin in vite.config.ts, which puts
 * the build's file list and a hash of it in place of the two placeholders below.
 *
 * - The app shell (index.html, the hashed scripts and styles, icons, manifest) is cached at install,
 *   so the app opens without a network and shows its "you're offline" state.
 * - Pages (navigations): network first, the cached index.html when offline.
 * - Shell files: cache first (hashed names change whenever their content does).
 * - The API (`/v1/…`) and anything else: never cached — balances and personal data are not kept on
 *   the device, and a stale answer about money is worse than none.
 */
const SHELL = self.__YB_SHELL__;
const CACHE = `yinbao-shell-${self.__YB_VERSION__}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith('yinbao-shell-') && k !== CACHE).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/v1/')) return;
  if (req.mode === 'navigate') {
    event.respondWith(
      fetch(req).catch(
        async () => (await caches.match('/index.html', { cacheName: CACHE })) ?? Response.error(),
      ),
    );
    return;
  }
  if (SHELL.includes(url.pathname)) {
    event.respondWith(caches.match(req, { cacheName: CACHE }).then((hit) => hit ?? fetch(req)));
  }
});
