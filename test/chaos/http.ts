// biome-ignore lint/suspicious/noExplicitAny: parsed JSON answers of many shapes
export type Json = any;

export type Answer = { status: number; json: Json; text: string; replayed: boolean };

export type RetryStats = { retries: number };

/** Answers that are not definitive: the same request (same key, same body) is sent again. */
export function isTransient(a: Answer | null): boolean {
  if (!a) return true; // network error or timeout
  if (a.status >= 500) return true;
  if (a.status === 409 && a.json?.code === 'IDEMPOTENCY_KEY_IN_USE') return true;
  return false;
}

export async function send(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; key?: string; timeoutMs?: number } = {},
): Promise<Answer | null> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.key) headers['idempotency-key'] = opts.key;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await fetch(base + path, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
    });
    const text = await res.text();
    let json: Json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, replayed: res.headers.get('idempotent-replayed') === 'true' };
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends until a definitive answer (2xx, or a 4xx that is a business refusal), the same key and body
 * every time, with capped exponential back-off. `stillGoing()` false gives up (the run is over),
 * returning null: such an operation was never acknowledged.
 */
export async function sendUntilDefinitive(
  base: () => string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; key?: string },
  stats: RetryStats,
  stillGoing: () => boolean = () => true,
  onTransient?: (a: Answer | null) => void,
): Promise<Answer | null> {
  let delay = 50;
  for (let _attempt = 0; ; _attempt++) {
    const a = await send(base(), method, path, opts);
    if (!isTransient(a)) return a;
    onTransient?.(a);
    if (!stillGoing()) return null;
    stats.retries++;
    await sleep(delay + Math.floor(delay * Math.random()));
    delay = Math.min(delay * 2, 2000);
  }
}
