import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// In development the API runs separately (`npm start`); the dev server forwards /v1 to it.
const api = process.env.YINBAO_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;

/**
 * Emits `/sw.js` (source: pwa/sw.js) with the build's own file list as the offline app shell and a
 * version derived from it, so every build that changes a file installs a new cache.
 */
function serviceWorker(): Plugin {
  return {
    name: 'yinbao-service-worker',
    apply: 'build',
    enforce: 'post',
    // After Vite's own bundle clean-up (it drops the JS chunks of CSS-only modules), so that the shell
    // lists exactly the files written.
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const files = Object.keys(bundle).filter((f) => !f.endsWith('.map'));
        const shell = [
          '/index.html',
          '/manifest.webmanifest',
          '/favicon.svg',
          '/icon-192.png',
          ...files.filter((f) => f !== 'index.html').map((f) => `/${f}`),
        ].sort();
        const version = createHash('sha256').update(shell.join('\n')).digest('hex').slice(0, 12);
        const source = readFileSync(new URL('./pwa/sw.js', import.meta.url), 'utf8')
          .replaceAll('self.__YB_SHELL__', JSON.stringify(shell))
          .replaceAll('self.__YB_VERSION__', JSON.stringify(version));
        this.emitFile({ type: 'asset', fileName: 'sw.js', source });
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), serviceWorker()],
  server: { port: 5173, proxy: { '/v1': { target: api, changeOrigin: false } } },
  build: {
    outDir: process.env.YINBAO_WEB_OUT_DIR ?? 'dist',
    emptyOutDir: true,
    // Hashed file names under assets/ are what the server caches for a year.
    assetsDir: 'assets',
  },
});
