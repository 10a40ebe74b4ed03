/** What the shop's server needs from Yinbao: create an order over the merchant API (real HTTP). */
export type CreatedOrder = { id: string; reference: string; checkoutUrl: string; status: string };

export type YinbaoClientOptions = {
  /** Yinbao's API base URL, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** The merchant API key (`ybk_live_…`, scope `orders:write`). */
  apiKey: string;
  timeoutMs?: number;
};

export class YinbaoError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** `POST /v1/merchant/orders`: idempotent by `reference` (the same order again answers the same order). */
export async function createYinbaoOrder(
  opts: YinbaoClientOptions,
  body: {
    amount: { amount: string; currency: 'CNY' };
    reference: string;
    description: string;
    returnUrl: string;
    expiresInSeconds?: number;
  },
): Promise<CreatedOrder> {
  let res: Response;
  try {
    res = await fetch(`${opts.url.replace(/\/$/, '')}/v1/merchant/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${opts.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
  } catch (e) {
    throw new YinbaoError(502, 'YINBAO_UNREACHABLE', `Yinbao could not be reached: ${(e as Error).message}`);
  }
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: reported below with the status
  }
  if (res.status !== 200 && res.status !== 201) {
    throw new YinbaoError(
      res.status,
      typeof json.code === 'string' ? json.code : 'YINBAO_ERROR',
      typeof json.message === 'string' ? json.message : `Yinbao answered ${res.status}`,
    );
  }
  return json as unknown as CreatedOrder;
}
