import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** apps/web, beside this package. */
export const webAppDir = fileURLToPath(new URL('../../../web', import.meta.url));
const SOURCES = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** True when apps/web/dist is missing or older than any of the web app's sources. */
export function webBuildIsStale(webDir = webAppDir, distDir = join(webDir, 'dist')): boolean {
  const index = join(distDir, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return SOURCES.some((s) => newestMtime(join(webDir, s)) > built);
}

/**
 * `yinbao start` serves the web app it finds in apps/web/dist; this builds it first when it is missing
 * or stale, so `npm ci && npm start` needs no separate step. Vite runs in a child process (it is a
 * development dependency: without it the API still starts, without the web app).
 */
export function ensureWebBuild(log: (m: string) => void, distDir?: string): void {
  if (!existsSync(join(webAppDir, 'package.json')) || !webBuildIsStale(webAppDir, distDir)) return;
  let viteBin: string;
  try {
    const pkgPath = createRequire(join(webAppDir, 'package.json')).resolve('vite/package.json');
    const bin = (JSON.parse(readFileSync(pkgPath, 'utf8')) as { bin: { vite: string } }).bin.vite;
    viteBin = join(dirname(pkgPath), bin);
  } catch {
    log('web app: not built and Vite is not installed (npm ci installs it); serving the API only');
    return;
  }
  log('web app: building apps/web (vite build)…');
  const r = spawnSync(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], {
    cwd: webAppDir,
    stdio: 'inherit',
    // NODE_ENV=test (vitest) or development would give React's unminified development build.
    env: { ...process.env, NODE_ENV: 'production', ...(distDir ? { YINBAO_WEB_OUT_DIR: distDir } : {}) },
  });
  if (r.status !== 0) log('web app: the build failed (see above); serving the API only');
}
