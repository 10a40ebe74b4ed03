import { SIGNATURE_HEADER, signPayload } from '@yinbao/signature';
import type { DeclineReason } from './cards.ts';
import type { Scheduler } from './scheduler.ts';
import type { AuthorizationRecord, AuthorizationType } from './state.ts';

/** JSON body POSTed to the wallet's `callbackUrl` once an authorization is decided. */
export interface CallbackPayload {
  id: string;
  networkRef: string;
  type: AuthorizationType;
  status: 'approved' | 'declined';
  reason?: DeclineReason;
  amount: string;
  currency: string;
  decidedAt: string;
}

export interface RetryPolicy {
  /** Total attempts per delivery (default 5). */
  attempts: number;
  /** Backoff before retry n (0-based) is `baseDelayMs × 2^n` (default 100). */
  baseDelayMs: number;
  /** Per-attempt HTTP timeout (default 5000). */
  timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 5, baseDelayMs: 100, timeoutMs: 5000 };

export function buildCallbackPayload(record: AuthorizationRecord): CallbackPayload {
  if (record.status !== 'approved' && record.status !== 'declined') {
    throw new Error(`authorization ${record.id} is not decided`);
  }
  return {
    id: record.id,
    networkRef: record.networkRef,
    type: record.type,
    status: record.status,
    ...(record.reason ? { reason: record.reason } : {}),
    amount: record.amount.toString(),
    currency: record.currency,
    decidedAt: record.decidedAt ?? new Date().toISOString(),
  };
}

export interface DeliveryOptions {
  record: AuthorizationRecord;
  rawBody: string;
  secret: string;
  scheduler: Scheduler;
  retry: RetryPolicy;
  /** 1 for the first callback, 2 for a duplicate. */
  delivery: number;
}

/**
 * POSTs the signed raw body to the record's callbackUrl, retrying with exponential backoff
 * on non-2xx answers and network errors. Every attempt is appended to `record.callbackAttempts`.
 * Resolves `true` once delivered, `false` when attempts are exhausted or the simulator is reset/closed.
 */
export async function deliverCallback(opts: DeliveryOptions): Promise<boolean> {
  const { record, rawBody, secret, scheduler, retry, delivery } = opts;
  const cancelled = scheduler.signal;
  for (let attempt = 1; attempt <= retry.attempts; attempt++) {
    if (cancelled.aborted) return false;
    const at = new Date().toISOString();
    try {
      const res = await fetch(record.callbackUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signPayload(secret, rawBody),
          'x-callback-attempt': String(attempt),
          'user-agent': 'yinbao-card-network-simulator',
        },
        body: rawBody,
        signal: AbortSignal.any([cancelled, AbortSignal.timeout(retry.timeoutMs)]),
      });
      await res.arrayBuffer().catch(() => undefined);
      record.callbackAttempts.push({ delivery, attempt, at, ok: res.ok, statusCode: res.status });
      if (res.ok) {
        record.callbacksDelivered += 1;
        return true;
      }
    } catch (err) {
      if (cancelled.aborted) return false;
      const message = err instanceof Error ? describeFetchError(err) : String(err);
      record.callbackAttempts.push({ delivery, attempt, at, ok: false, error: message });
    }
    if (attempt < retry.attempts) {
      const slept = await scheduler.sleep(retry.baseDelayMs * 2 ** (attempt - 1));
      if (!slept) return false;
    }
  }
  return false;
}

function describeFetchError(err: Error): string {
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error && cause.message) return `${err.message}: ${cause.message}`;
  return err.message;
}
