import { resolve } from 'node:path';
import { parseTierTable, type TierTable } from '../modules/wallets/tiers.ts';

export type Config = {
  host: string;
  port: number;
  /** Unset → an embedded PostgreSQL under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** The role the API's connections work as (migration 0150); '' = the login role itself. */
  dbAppRole: string;
  publicUrl: string;
  /** Where the customer web app is served (the hosted checkout page: `${publicWebUrl}/checkout/<order id>`). */
  publicWebUrl: string;
  /** Base64 AES-256 key that wraps data keys (cards); generated into dataDir when unset. */
  masterKey: string | undefined;
  /** Id recorded with the data keys it wraps (default: derived from a hash of the key). */
  masterKeyId: string | undefined;
  cardNetwork: { url: string | undefined; port: number; secret: string };
  /** SMS gateway (the simulator when unset). */
  sms: { url: string | undefined; port: number; secret: string };
  /** Identity verification (liveness + face match; the simulator when unset). */
  identityVerification: { url: string | undefined; port: number; secret: string; timeoutMs: number };
  /** Seconds a card authorization may stay pending before the hold is released. */
  cardAuthTimeoutSeconds: number;
  sessionTtlSeconds: number;
  /** Sign-up needs a code texted to the phone first (no answer reveals a registered number).
   * `SIGNUP_VERIFY_PHONE=false` is a development/test switch: one-step sign-up, `409 PHONE_TAKEN`. */
  signupVerifyPhone: boolean;
  /** Money-moving routes need a session never idle longer than this (else 401 REAUTH_REQUIRED). */
  paymentIdleSeconds: number;
  /** Back-office sessions: inactivity window (they also end 10 hours after sign-in). */
  staffSessionTtlSeconds: number;
  tiers: TierTable;
  risk: { stepUpAbove: bigint; denyAbove: bigint; maxTransfersPerMinute: number };
  /** Per customer and day (Asia/Shanghai), what static merchant QR codes may take (minor units). */
  staticQrDailyCap: bigint;
  /** Merchant settlement: the default MDR in basis points (38 = 0.38 %; a merchant's own `mdr_bps`
   * wins), and how long after a business day's cut-off (midnight Asia/Shanghai) it is settled. */
  settlement: { mdrBps: number; delaySeconds: number };
  /** Customer-presented payments at a POS (payment codes, NFC taps), minor units: at most `perCode`
   * per payment, `daily` per customer and day, and above `confirmAbove` the customer confirms on
   * the phone. */
  pos: { perCode: bigint; daily: bigint; confirmAbove: bigint };
  /** SCA beyond the amount threshold: first payments to a payee, and the low-value exemption. */
  sca: { newPayee: boolean; exemptSingle: bigint; exemptCumulative: bigint; exemptCount: number };
  /** Requests per minute per caller on the auth endpoints. */
  rateLimits: { signupPerMinute: number; loginPerMinute: number; pinPerMinute: number };
  /** WebAuthn relying party: passkeys are bound to `rpId`; answers must come from one of `origins`. */
  webauthn: { rpId: string; rpName: string; origins: string[] };
  /** Merchant webhooks: plain http to 127.0.0.1/localhost allowed (development and tests only; https
   * otherwise), and the timeout of each delivery request. */
  webhooks: { allowHttpLocalhost: boolean; timeoutMs: number };
  logLevel: string;
};

const bool = (v: string | undefined, d: boolean) =>
  v === undefined || v === '' ? d : !/^(false|0|no|off)$/i.test(v.trim());
const int = (v: string | undefined, d: number) => (v === undefined || v === '' ? d : Number.parseInt(v, 10));

function basisPoints(v: string | undefined, d: number): number {
  const n = int(v, d);
  if (!Number.isInteger(n) || n < 0 || n > 10000)
    throw new Error(`MERCHANT_MDR_BPS must be 0 to 10000, not ${v}`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = int(env.PORT, 3000);
  const host = env.HOST ?? '127.0.0.1';
  const publicUrl = env.PUBLIC_URL ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  return {
    host,
    port,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.YINBAO_DATA_DIR ?? './data'),
    dbAppRole: env.DB_APP_ROLE ?? 'yinbao_app',
    publicUrl,
    publicWebUrl: (env.PUBLIC_WEB_URL || publicUrl).replace(/\/$/, ''),
    masterKey: env.YINBAO_MASTER_KEY || undefined,
    masterKeyId: env.YINBAO_MASTER_KEY_ID || undefined,
    cardNetwork: {
      url: env.CARD_NETWORK_URL || undefined,
      port: int(env.CARD_NETWORK_PORT, 4010),
      secret: env.CARD_NETWORK_SECRET ?? 'sim-secret',
    },
    sms: {
      url: env.SMS_GATEWAY_URL || undefined,
      port: int(env.SMS_PORT, 4020),
      secret: env.SMS_SECRET ?? 'sim-secret',
    },
    identityVerification: {
      url: env.IDV_URL || undefined,
      port: int(env.IDV_PORT, 4030),
      secret: env.IDV_SECRET ?? 'sim-secret',
      timeoutMs: int(env.IDV_TIMEOUT_MS, 10_000),
    },
    cardAuthTimeoutSeconds: int(env.CARD_AUTH_TIMEOUT_SECONDS, 30),
    sessionTtlSeconds: int(env.SESSION_TTL_SECONDS, 30 * 60),
    signupVerifyPhone: bool(env.SIGNUP_VERIFY_PHONE, true),
    paymentIdleSeconds: int(env.PAYMENT_IDLE_SECONDS, 5 * 60),
    staffSessionTtlSeconds: int(env.STAFF_SESSION_TTL_SECONDS, 15 * 60),
    tiers: parseTierTable(env.YINBAO_TIERS_JSON),
    risk: {
      stepUpAbove: BigInt(env.RISK_STEP_UP_ABOVE_MINOR ?? '100000'),
      denyAbove: BigInt(env.RISK_DENY_ABOVE_MINOR ?? '100000000'),
      maxTransfersPerMinute: int(env.RISK_MAX_TRANSFERS_PER_MINUTE, 30),
    },
    /** What one customer may pay through static (typed-amount) merchant QR codes per day: ¥500. */
    staticQrDailyCap: BigInt(env.STATIC_QR_DAILY_CAP_MINOR ?? '50000'),
    settlement: {
      mdrBps: basisPoints(env.MERCHANT_MDR_BPS, 38),
      delaySeconds: int(env.SETTLEMENT_DELAY_SECONDS, 300),
    },
    /** Payment codes and taps: ¥1,000 per payment, ¥5,000 per day, confirm on the phone above ¥500. */
    pos: {
      perCode: BigInt(env.POS_PER_CODE_LIMIT_MINOR ?? '100000'),
      daily: BigInt(env.POS_DAILY_LIMIT_MINOR ?? '500000'),
      confirmAbove: BigInt(env.POS_CONFIRM_ABOVE_MINOR ?? '50000'),
    },
    sca: {
      newPayee: (env.SCA_NEW_PAYEE ?? 'true') !== 'false',
      exemptSingle: BigInt(env.SCA_EXEMPT_SINGLE_MINOR ?? '20000'),
      exemptCumulative: BigInt(env.SCA_EXEMPT_CUMULATIVE_MINOR ?? '50000'),
      exemptCount: int(env.SCA_EXEMPT_COUNT, 5),
    },
    rateLimits: {
      signupPerMinute: int(env.RATE_LIMIT_SIGNUP_PER_MINUTE, 10),
      loginPerMinute: int(env.RATE_LIMIT_LOGIN_PER_MINUTE, 20),
      pinPerMinute: int(env.RATE_LIMIT_PIN_PER_MINUTE, 10),
    },
    webauthn: {
      rpId: env.WEBAUTHN_RP_ID || new URL(publicUrl).hostname,
      rpName: env.WEBAUTHN_RP_NAME || '银包 Yinbao',
      origins: (env.WEBAUTHN_ORIGINS || new URL(publicUrl).origin)
        .split(',')
        .map((o) => o.trim())
        .filter((o) => o !== ''),
    },
    webhooks: {
      allowHttpLocalhost: bool(env.WEBHOOKS_ALLOW_HTTP_LOCALHOST, env.NODE_ENV !== 'production'),
      timeoutMs: int(env.WEBHOOK_TIMEOUT_MS, 10_000),
    },
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
