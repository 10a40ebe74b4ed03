import type { FastifyInstance } from 'fastify';
import { sendError } from './idempotency.ts';

export type Principal = { id: string; sessionId: string };

declare module 'fastify' {
  interface FastifyRequest {
    customer?: Principal;
  }
  interface FastifyContextConfig {
    /** 'customer' = a valid customer session is required. */
    auth?: 'customer' | 'none';
    /** false = POST without Idempotency-Key handling (e.g. signed callbacks). */
    idempotency?: boolean;
  }
}

export type Authenticate = (token: string) => Promise<Principal | null>;

/**
 * Resolves `Authorization: Bearer <token>` on every request and refuses routes that need a
 * customer when there is none. Runs first, so idempotency is always scoped to the caller.
 */
export function registerAuth(app: FastifyInstance, authenticate: Authenticate): void {
  app.addHook('onRequest', async (req, reply) => {
    const header = req.headers.authorization;
    if (typeof header === 'string' && header.startsWith('Bearer ')) {
      const principal = await authenticate(header.slice(7).trim());
      if (principal) req.customer = principal;
    }
    if (req.routeOptions.config?.auth === 'customer' && !req.customer) {
      return sendError(
        reply,
        401,
        'UNAUTHENTICATED',
        'Sign in first: the session is missing, expired or revoked',
      );
    }
  });
}
