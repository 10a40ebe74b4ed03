import type { FastifyInstance } from 'fastify';
import { sendError } from './idempotency.ts';

export type Principal = {
  id: string;
  sessionId: string;
  /** The device the session was signed in on (null only for sessions from before devices existed). */
  deviceId: string | null;
  /** The device is trusted (sign-up device, or confirmed with an SMS code or passkey). */
  deviceTrusted: boolean;
  /** The session has not been idle longer than PAYMENT_IDLE_SECONDS since it was signed in. */
  paymentScope: boolean;
  /** How the session was signed in; a texted code alone (`sms`) never confirms with texted codes. */
  authMethod: 'password' | 'passkey' | 'sms';
};

/** A signed-in staff member; `enrolment` sessions may only finish setting up their authenticator. */
export type StaffPrincipal = {
  id: string;
  sessionId: string;
  roles: readonly string[];
  permissions: ReadonlySet<string>;
  kind: 'full' | 'enrolment';
};

/** A merchant's server calling with an API key (`ybk_live_…`; modules/merchants). */
export type MerchantPrincipal = {
  merchantId: string;
  keyId: string;
  /** The key's public id (never the secret). */
  prefix: string;
  scopes: readonly string[];
  /** Keys of merchants that are not active are refused by the hook (403 MERCHANT_NOT_ACTIVE). */
  merchantStatus: string;
};

declare module 'fastify' {
  interface FastifyRequest {
    customer?: Principal;
    staff?: StaffPrincipal;
    merchant?: MerchantPrincipal;
  }
  interface FastifyContextConfig {
    /**
     * 'customer' = a valid customer session is required; 'staff' = a full staff session (with the
     * `permission`, when given); 'staff-enrolment' = a staff session of either kind; 'merchant' = a
     * merchant API key of an active merchant, with the `scope` the route names.
     */
    auth?: 'customer' | 'staff' | 'staff-enrolment' | 'merchant' | 'none';
    /**
     * The staff permission the route needs (see modules/staff/roles.ts); 'self' = any full staff
     * session (e.g. "who am I"). Every 'staff' route must name one: the server refuses to start
     * otherwise.
     */
    permission?: string;
    /**
     * Customer routes: 'payment' = the route moves money or changes what protects it: a customer
     * session idle longer than PAYMENT_IDLE_SECONDS (at any point since sign-in) is refused with 401
     * REAUTH_REQUIRED. Merchant routes (required): the API-key scope the route needs, e.g.
     * 'orders:write' (403 INSUFFICIENT_SCOPE without it), or 'any' = any valid key.
     */
    scope?: 'payment' | 'any' | `${string}:${string}`;
    /**
     * 'trusted' = only from a session on a trusted device (adding or changing a factor: a stolen
     * password on a new device must not let anyone set a PIN or register a passkey).
     */
    device?: 'trusted';
    /**
     * false = POST without Idempotency-Key handling (e.g. signed callbacks); 'ledger' = the handler
     * stores its answer in the transaction that posts the money (see idempotency-ledger.ts).
     */
    idempotency?: boolean | 'ledger';
  }
}

export type Authenticate = (token: string) => Promise<Principal | null>;
export type AuthenticateStaff = (token: string) => Promise<StaffPrincipal | null>;
export type AuthenticateMerchant = (token: string) => Promise<MerchantPrincipal | null>;

/** Staff tokens carry their own prefix, so a customer token is never looked up as a staff one. */
export const STAFF_TOKEN_PREFIX = 'ybo_';
/** Merchant API keys likewise (`ybk_live_…`): looked up only on merchant routes. */
export const MERCHANT_KEY_PREFIX = 'ybk_';

/**
 * Resolves `Authorization: Bearer <token>` on every request and refuses routes that need a
 * principal when there is none. Runs first, so idempotency is always scoped to the caller.
 * Customer and staff tokens are separate: a customer token on a staff route is simply no staff
 * session (401), never a lookup in the other table.
 */
const permissionsByApp = new WeakMap<FastifyInstance, Map<string, string>>();

/** `METHOD /path` → the staff permission each staff route needs (for the permission-matrix tests). */
export function routePermissions(app: FastifyInstance): ReadonlyMap<string, string> {
  return permissionsByApp.get(app) ?? new Map();
}

export function registerAuth(
  app: FastifyInstance,
  authenticate: Authenticate,
  authenticateStaff: AuthenticateStaff = async () => null,
  authenticateMerchant: AuthenticateMerchant = async () => null,
): void {
  const table = new Map<string, string>();
  permissionsByApp.set(app, table);
  app.addHook('onRoute', (route) => {
    if (route.config?.auth === 'merchant' && !route.config.scope)
      throw new Error(`merchant route ${route.url} names no scope`);
    if (route.config?.auth !== 'staff') return;
    const permission = route.config.permission;
    if (!permission) throw new Error(`staff route ${route.url} names no permission`);
    for (const m of [route.method].flat()) if (m !== 'HEAD') table.set(`${m} ${route.url}`, permission);
  });
  app.addHook('onRequest', async (req, reply) => {
    const header = req.headers.authorization;
    const needs = req.routeOptions.config?.auth;
    if (typeof header === 'string' && header.startsWith('Bearer ')) {
      const token = header.slice(7).trim();
      if (token.startsWith(MERCHANT_KEY_PREFIX)) {
        // API keys are looked up only by merchant routes; anywhere else they are no session (401).
        if (needs === 'merchant') {
          const merchant = await authenticateMerchant(token);
          if (merchant) req.merchant = merchant;
        }
      } else if (needs === 'merchant') {
        // A customer or staff token on a merchant route is simply no API key (401).
      } else if (token.startsWith(STAFF_TOKEN_PREFIX)) {
        // Staff sessions are looked up (and kept alive) only by staff routes.
        if (needs === 'staff' || needs === 'staff-enrolment') {
          const staff = await authenticateStaff(token);
          if (staff) req.staff = staff;
        }
      } else {
        const principal = await authenticate(token);
        if (principal) req.customer = principal;
      }
    }
    const unauthenticated = () =>
      sendError(reply, 401, 'UNAUTHENTICATED', 'Sign in first: the session is missing, expired or revoked');
    if (needs === 'customer' && !req.customer) return unauthenticated();
    if (needs === 'customer' && req.customer) {
      const config = req.routeOptions.config;
      // Refused here, before idempotency: the key is not consumed and nothing else runs.
      if (config?.scope === 'payment' && !req.customer.paymentScope) {
        return sendError(
          reply,
          401,
          'REAUTH_REQUIRED',
          'Sign in again to continue: this session was idle too long to move money',
        );
      }
      if (config?.device === 'trusted' && !req.customer.deviceTrusted) {
        return sendError(
          reply,
          403,
          'DEVICE_NOT_TRUSTED',
          'Trust this device first (POST /v1/me/devices/current/trust/challenge), or do this on a trusted device',
        );
      }
    }
    if (needs === 'merchant') {
      if (!req.merchant) return unauthenticated();
      if (req.merchant.merchantStatus !== 'active') {
        return sendError(
          reply,
          403,
          'MERCHANT_NOT_ACTIVE',
          'This merchant is not active (in review, rejected or suspended): its API keys cannot be used',
        );
      }
      const scope = req.routeOptions.config?.scope;
      if (scope !== 'any' && !req.merchant.scopes.includes(scope ?? '')) {
        return sendError(reply, 403, 'INSUFFICIENT_SCOPE', `This API key does not have the scope ${scope}`, {
          required: scope,
        });
      }
    }
    if (needs === 'staff-enrolment' && !req.staff) return unauthenticated();
    if (needs === 'staff') {
      if (req.staff?.kind !== 'full') return unauthenticated();
      const permission = req.routeOptions.config?.permission;
      if (permission !== 'self' && !req.staff!.permissions.has(permission ?? '')) {
        return sendError(reply, 403, 'FORBIDDEN', 'Your role does not allow this action');
      }
    }
  });
}
