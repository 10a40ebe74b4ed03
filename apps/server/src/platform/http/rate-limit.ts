import type { FastifyInstance } from 'fastify';
import { sendError } from './idempotency.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Requests per caller (customer, else IP) per window on this route; absent = no limit. */
    rateLimit?: { bucket: string };
  }
}

export type RateLimits = Record<string, { max: number; windowSeconds: number }>;

/**
 * Fixed-window request limits per route bucket and caller, in memory (per process: a cheap first
 * line in front of the database-backed throttles, which hold across processes).
 */
export function registerRateLimits(
  app: FastifyInstance,
  limits: RateLimits,
  clock: () => number = Date.now,
): void {
  const windows = new Map<string, { start: number; count: number }>();
  app.addHook('preHandler', async (req, reply) => {
    const bucket = req.routeOptions.config?.rateLimit?.bucket;
    const limit = bucket ? limits[bucket] : undefined;
    if (!bucket || !limit) return;
    const key = `${bucket}|${req.customer?.id ?? req.ip}`;
    const now = clock();
    let w = windows.get(key);
    if (!w || now - w.start >= limit.windowSeconds * 1000) {
      w = { start: now, count: 0 };
      windows.set(key, w);
      if (windows.size > 100_000) windows.clear(); // bounded memory under address spraying
    }
    w.count++;
    if (w.count > limit.max) {
      const retry = Math.ceil((w.start + limit.windowSeconds * 1000 - now) / 1000);
      reply.header('retry-after', String(retry));
      return sendError(reply, 429, 'RATE_LIMITED', 'Too many requests: wait a moment and try again', {
        retryAfterSeconds: retry,
      });
    }
  });
}
