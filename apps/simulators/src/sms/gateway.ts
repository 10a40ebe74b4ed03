/** Outcome of handing one SMS to a gateway. */
export type SmsSendResult = { ok: true; id: string } | { ok: false; reason: 'unavailable' | 'rejected' };

/**
 * What the wallet server needs from an SMS gateway. Implementations never throw and never log
 * the message text (it may hold a one-time code).
 *
 * - `rejected`: the gateway refused this message (bad number, conflicting reference, delivery
 *   failed at the operator). Retrying the same message will not help.
 * - `unavailable`: the gateway could not be reached or used (not configured, network error,
 *   timeout, auth failure, 5xx, rate limit). Retrying later or another channel may help.
 */
export type SmsGateway = {
  send(to: string, text: string, reference?: string): Promise<SmsSendResult>;
};

export interface HttpSmsGatewayOptions {
  /** Base URL of the gateway (e.g. the SMS simulator); read on every send. `undefined` = not configured. */
  url: () => string | undefined;
  /** Bearer secret. */
  secret: string;
  /** Per-request timeout, including reading the answer (default 5000 ms). */
  timeoutMs?: number;
}

export const DEFAULT_SMS_TIMEOUT_MS = 5000;

const unavailable = (): SmsSendResult => ({ ok: false, reason: 'unavailable' });
const rejected = (): SmsSendResult => ({ ok: false, reason: 'rejected' });

/** 4xx answers that are about the message itself; any other 4xx is a gateway/configuration problem. */
const REJECTED_STATUSES: ReadonlySet<number> = new Set([400, 409, 413, 422]);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

/** An `SmsGateway` speaking the SMS simulator's HTTP API (`POST {url}/v1/messages`). */
export function createHttpSmsGateway(opts: HttpSmsGatewayOptions): SmsGateway {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_SMS_TIMEOUT_MS;
  return {
    async send(to, text, reference) {
      try {
        const base = opts.url();
        if (!base) return unavailable();
        const res = await fetch(`${base.replace(/\/+$/, '')}/v1/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${opts.secret}`, 'content-type': 'application/json' },
          body: JSON.stringify(reference === undefined ? { to, text } : { to, text, reference }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        const body = parseJson(await res.text());
        if (res.ok) {
          const id = field(body, 'id');
          return typeof id === 'string' && id !== '' ? { ok: true, id } : unavailable();
        }
        if (REJECTED_STATUSES.has(res.status)) return rejected();
        if (res.status === 502 && field(body, 'code') === 'DELIVERY_FAILED') return rejected();
        return unavailable();
      } catch {
        // Network error, timeout, bad URL, or a throwing `url()`: deliberately not logged.
        return unavailable();
      }
    },
  };
}
