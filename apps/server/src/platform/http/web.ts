import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from './app.ts';

/** Vite puts content-hashed files under assets/: they never change, so browsers may keep them a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html (and un-hashed files like the favicon) are checked with the server on every load. */
const REVALIDATE = 'no-cache';

/**
 * Serves the built web app (apps/web/dist) at `/`. Returns false, serving nothing, when there is no
 * build. Page requests for app routes (`/home`, …) get index.html through `spaFallback`.
 */
export async function registerWebApp(app: App, root: string): Promise<boolean> {
  if (!existsSync(join(root, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root,
    cacheControl: false,
    // Unknown files fall through to the not-found handler (JSON 404, or the SPA fallback below).
    wildcard: true,
    setHeaders: (res, path) => {
      res.header('cache-control', path.includes(`${sep}assets${sep}`) ? IMMUTABLE : REVALIDATE);
    },
  });
  return true;
}

/** A browser asking for a page that is not a file or an API route: the app's router takes it. */
export function spaFallback(req: FastifyRequest, reply: FastifyReply): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = req.url.split('?')[0]!;
  if (path === '/v1' || path.startsWith('/v1/') || path.startsWith('/assets/')) return false;
  if (!(req.headers.accept ?? '').includes('text/html')) return false;
  void reply.header('cache-control', REVALIDATE).type('text/html; charset=utf-8').sendFile('index.html');
  return true;
}
