/**
 * @yinbao/sdk — a typed client for the Yinbao API.
 *
 * Paths, bodies and answers come from `schema.gen.ts`, generated from the server's OpenAPI document
 * (`npm run sdk:generate`; `npm test` fails when it is stale), and requests go through
 * openapi-fetch: every call returns `{ data, error, response }` where `error` is the API's
 * `{ code, message, details? }`.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema.gen.ts';

export type { components, paths } from './schema.gen.ts';

/** The body of every error the API answers: `{ code, message, details? }`. */
export type ApiError = components['schemas']['ApiError'];

/** An amount at the API: a decimal string with its ISO 4217 currency, e.g. `{ amount: '12.34', currency: 'CNY' }`. */
export type Money = { amount: string; currency: string };

export type YinbaoClient = Client<paths>;

export type YinbaoClientOptions = {
  /** Where the API is, e.g. `https://wallet.example.com` or `http://127.0.0.1:3000` (no `/v1`). */
  baseUrl: string;
  /** The session token sent as `Authorization: Bearer …`; read on every request (none: no header). */
  getToken?: () => string | null | undefined | Promise<string | null | undefined>;
  /** The device id the app generated once and keeps (16–128 printable characters): `X-Device-Id`. */
  deviceId?: string;
  /** A fetch to use instead of `globalThis.fetch` (tests, proxies). */
  fetch?: (input: Request) => Promise<Response>;
};

/**
 * A client for the Yinbao API. Each request gets `Authorization: Bearer <getToken()>`,
 * `X-Device-Id` and — for a POST — a fresh `Idempotency-Key` unless the call sets one. A retry
 * that must not run twice (a payment after a timeout) passes the first attempt's key:
 * `client.POST('/v1/transfers', { body, headers: { 'Idempotency-Key': key } })`.
 */
export function createYinbaoClient(opts: YinbaoClientOptions): YinbaoClient {
  const client = createClient<paths>({
    baseUrl: opts.baseUrl.replace(/\/+$/, ''),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  client.use({
    async onRequest({ request }) {
      const token = await opts.getToken?.();
      if (token && !request.headers.has('authorization')) {
        request.headers.set('authorization', `Bearer ${token}`);
      }
      if (opts.deviceId && !request.headers.has('x-device-id')) {
        request.headers.set('x-device-id', opts.deviceId);
      }
      if (request.method === 'POST' && !request.headers.has('idempotency-key')) {
        request.headers.set('idempotency-key', crypto.randomUUID());
      }
      return request;
    },
  });
  return client;
}
