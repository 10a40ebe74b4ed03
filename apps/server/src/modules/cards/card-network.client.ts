import { verifySignature } from '@yinbao/signature';

/**
 * The wallet's side of the card-network wire protocol (see apps/simulators/README.md): bearer
 * secret on every request, amounts as strings of minor units, outcomes by signed callback.
 * Card numbers travel in request bodies only; nothing here logs a body.
 */
export type CardNetworkConfig = {
  /** Read at call time: the runtime may start the simulator after the server is built. */
  url: () => string | undefined;
  secret: string;
  /** Per-request timeout; a slow network must not hold the customer's request. */
  timeoutMs?: number;
};

export type VerifyOutcome =
  | { kind: 'verified'; brand: string; bankName: string; last4: string }
  | { kind: 'rejected'; reason: string }
  | { kind: 'unavailable'; error: string };

export type AuthorizationRequest = {
  id: string;
  type: 'pull' | 'push';
  pan: string;
  expiry: string;
  amount: bigint;
  currency: string;
  callbackUrl: string;
};

/** `rejected` = the network answered 4xx: it will never decide this authorization. */
export type AuthorizeOutcome =
  | { kind: 'accepted'; networkRef: string | null }
  | { kind: 'rejected'; code: string; message: string }
  | { kind: 'unavailable'; error: string };

export type ReverseOutcome =
  | { kind: 'reversed' }
  | { kind: 'not_reversible' | 'not_found' }
  | { kind: 'unavailable'; error: string };

/** One line of the network's settlement report: how the network stands on an authorization. */
export type NetworkAuthorization = {
  id: string;
  type: 'pull' | 'push';
  status: 'pending' | 'approved' | 'declined' | 'reversed';
  amount: bigint;
  currency: string;
};

/** What the network holds for an authorization (asked when its callback never came). */
export type StatusOutcome =
  | { kind: 'decided'; approved: boolean; reason: string | null; networkRef: string | null }
  | { kind: 'pending' | 'reversed' | 'not_found' }
  | { kind: 'unavailable'; error: string };

export type SettlementReportOutcome =
  | { kind: 'report'; authorizations: NetworkAuthorization[] }
  | { kind: 'unavailable'; error: string };

export function createCardNetworkClient(cfg: CardNetworkConfig) {
  const timeoutMs = cfg.timeoutMs ?? 5000;

  async function call(method: 'GET' | 'POST', path: string, body?: unknown) {
    const base = cfg.url();
    if (!base) throw new Error('the card network URL is not configured');
    const res = await fetch(`${base.replace(/\/$/, '')}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${cfg.secret}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      // not JSON: handled by the status code below
    }
    return { status: res.status, json };
  }

  const unavailable = (e: unknown) => ({ kind: 'unavailable' as const, error: (e as Error).message });

  return {
    /** The network's settlement report (every authorization it holds), for reconciliation (K4). */
    async settlementReport(): Promise<SettlementReportOutcome> {
      try {
        const r = await call('GET', '/v1/settlement-report');
        if (r.status !== 200 || !Array.isArray(r.json.authorizations))
          return { kind: 'unavailable', error: `card network answered ${r.status}` };
        const authorizations = (r.json.authorizations as Array<Record<string, unknown>>).map((a) => ({
          id: String(a.id),
          type: a.type === 'push' ? ('push' as const) : ('pull' as const),
          status: String(a.status) as NetworkAuthorization['status'],
          amount: BigInt(String(a.amount)),
          currency: String(a.currency),
        }));
        return { kind: 'report', authorizations };
      } catch (e) {
        return unavailable(e);
      }
    },

    async verify(card: { pan: string; expiry: string; holderName: string }): Promise<VerifyOutcome> {
      try {
        const r = await call('POST', '/v1/cards/verify', card);
        if (r.status === 200 && r.json.result === 'verified') {
          return {
            kind: 'verified',
            brand: String(r.json.brand),
            bankName: String(r.json.bankName),
            last4: String(r.json.last4),
          };
        }
        if (r.status === 200 && r.json.result === 'rejected')
          return { kind: 'rejected', reason: String(r.json.reason) };
        if (r.status === 400) return { kind: 'rejected', reason: String(r.json.code ?? 'invalid') };
        return { kind: 'unavailable', error: `card network answered ${r.status}` };
      } catch (e) {
        return unavailable(e);
      }
    },

    /** Idempotent by `id` at the network: safe to repeat after a timeout. */
    async authorize(req: AuthorizationRequest): Promise<AuthorizeOutcome> {
      try {
        const r = await call('POST', '/v1/authorizations', { ...req, amount: req.amount.toString() });
        if (r.status === 202 || r.status === 200) {
          return {
            kind: 'accepted',
            networkRef: typeof r.json.networkRef === 'string' ? r.json.networkRef : null,
          };
        }
        // 409: an authorization with this id already exists (it will be decided and called back);
        // 401/408/429: our side or a passing condition. Other 4xx: refused for good.
        if (r.status >= 400 && r.status < 500 && ![401, 408, 409, 429].includes(r.status)) {
          return {
            kind: 'rejected',
            code: String(r.json.code ?? `HTTP_${r.status}`),
            message: String(r.json.message ?? ''),
          };
        }
        return { kind: 'unavailable', error: `card network answered ${r.status}` };
      } catch (e) {
        return unavailable(e);
      }
    },

    /** The authorization's state at the network: decided, still pending, reversed or unknown. */
    async status(id: string): Promise<StatusOutcome> {
      try {
        const r = await call('GET', `/v1/authorizations/${encodeURIComponent(id)}`);
        if (r.status === 404) return { kind: 'not_found' };
        if (r.status !== 200) return { kind: 'unavailable', error: `card network answered ${r.status}` };
        const ref = typeof r.json.networkRef === 'string' ? r.json.networkRef : null;
        if (r.json.status === 'approved' || r.json.status === 'declined')
          return {
            kind: 'decided',
            approved: r.json.status === 'approved',
            reason: typeof r.json.reason === 'string' ? r.json.reason : null,
            networkRef: ref,
          };
        if (r.json.status === 'reversed') return { kind: 'reversed' };
        return { kind: 'pending' };
      } catch (e) {
        return unavailable(e);
      }
    },

    /** Gives the money back at the network (after we could not book an approved authorization). */
    async reverse(id: string): Promise<ReverseOutcome> {
      try {
        const r = await call('POST', `/v1/authorizations/${encodeURIComponent(id)}/reversal`, {});
        if (r.status === 200) return { kind: 'reversed' };
        if (r.status === 409) return { kind: 'not_reversible' };
        if (r.status === 404) return { kind: 'not_found' };
        return { kind: 'unavailable', error: `card network answered ${r.status}` };
      } catch (e) {
        return unavailable(e);
      }
    },
  };
}

export type CardNetworkClient = ReturnType<typeof createCardNetworkClient>;

/**
 * Checks `x-signature: t=<unix s>,v1=<hex HMAC-SHA256(secret, t + '.' + rawBody)>` over the exact
 * bytes received (`@yinbao/signature`, the protocol package both sides use).
 */
export const verifyCallbackSignature = (secret: string, header: string | undefined, rawBody: Buffer) =>
  verifySignature(secret, header, rawBody);
