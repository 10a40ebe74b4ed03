import type { AddressInfo } from 'node:net';
import { createAccounts, uuidv7 } from '@yinbao/ledger';
import {
  type CardNetworkSimulatorOptions,
  type IdentitySimulatorOptions,
  type StartedCardNetworkSimulator,
  type StartedIdentitySimulator,
  type StartedSmsSimulator,
  startCardNetworkSimulator,
  startIdentitySimulator,
  startSmsSimulator,
} from '@yinbao/simulators';
import { type Config, loadConfig } from '../../apps/server/src/platform/config.ts';
import { createLogger } from '../../apps/server/src/platform/logger.ts';
import {
  AccountCode,
  systemAccountId,
  TransferCode,
} from '../../apps/server/src/platform/system-accounts.ts';
import { buildServer, type Server } from '../../apps/server/src/server.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

export type TestServer = Server & {
  db: TestDatabase;
  config: Config;
  url: string;
  /** The card-network simulator, when started with `cardNetwork`. */
  sim?: StartedCardNetworkSimulator;
  /** The SMS gateway simulator, when started with `sms`. */
  smsSim?: StartedSmsSimulator;
  /** The identity-verification (face check) simulator, when started with `idv`. */
  idvSim?: StartedIdentitySimulator;
  /** Stops the server and the simulators and drops the database (unless it came from `opts.db`, or
   * `keepDatabase` — to start another server on it). */
  stop: (o?: { keepDatabase?: boolean }) => Promise<void>;
};

/** A real server on a fresh database, listening on a random port (real HTTP for concurrency tests). */
export async function startTestServer(
  opts: {
    env?: Record<string, string>;
    poolMax?: number;
    background?: boolean;
    clock?: () => Date;
    logLines?: string[];
    /** Starts a card-network simulator (real HTTP, random port) and points the server at it. */
    cardNetwork?: CardNetworkSimulatorOptions;
    /** Starts an SMS gateway simulator and points the server at it (SMS codes become a method). */
    sms?: boolean;
    /** Starts an identity-verification simulator (face checks) and points the server at it. */
    idv?: boolean | IdentitySimulatorOptions;
    /** Runs on this database (e.g. another server's, to restart it) instead of a fresh one; `stop`
     * leaves it in place. */
    db?: TestDatabase;
    /** Serves this built web app at `/`. */
    webRoot?: string;
  } = {},
): Promise<TestServer> {
  const db = opts.db ?? (await createTestDatabase({ poolMax: opts.poolMax ?? 20 }));
  const simSecret = opts.env?.CARD_NETWORK_SECRET ?? opts.cardNetwork?.secret ?? 'sim-secret';
  const sim = opts.cardNetwork
    ? await startCardNetworkSimulator({ port: 0, ...opts.cardNetwork, secret: simSecret })
    : undefined;
  const smsSim = opts.sms ? await startSmsSimulator({ port: 0 }) : undefined;
  const idvOptions = typeof opts.idv === 'object' ? opts.idv : {};
  const idvSim = opts.idv ? await startIdentitySimulator({ port: 0, ...idvOptions }) : undefined;
  const config = loadConfig({
    RISK_STEP_UP_ABOVE_MINOR: '100000000',
    RISK_MAX_TRANSFERS_PER_MINUTE: '100000',
    // Most tests are not about SCA policy: first payments to a payee need no confirmation here
    // (sca-policy.test.ts switches it on).
    SCA_NEW_PAYEE: 'false',
    RATE_LIMIT_SIGNUP_PER_MINUTE: '100000',
    RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
    RATE_LIMIT_PIN_PER_MINUTE: '100000',
    // One-step sign-up for the fixtures; the sign-up verification tests turn it back on.
    SIGNUP_VERIFY_PHONE: 'false',
    YINBAO_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
    LOG_LEVEL: 'info',
    ...(sim ? { CARD_NETWORK_URL: sim.url, CARD_NETWORK_SECRET: simSecret } : {}),
    ...(smsSim ? { SMS_GATEWAY_URL: smsSim.url } : {}),
    ...(idvSim
      ? {
          IDV_URL: idvSim.url,
          IDV_SECRET: idvOptions.secret ?? 'sim-secret',
        }
      : {}),
    ...opts.env,
  });
  const lines = opts.logLines;
  const logger = createLogger({
    level: 'info',
    destination: { write: (s: string) => void (lines ? lines.push(s) : undefined) },
  });
  let server: Server;
  try {
    server = await buildServer({
      config,
      pool: db.pool,
      logger,
      background: opts.background,
      clock: opts.clock,
      webRoot: opts.webRoot,
    });
  } catch (e) {
    await sim?.close();
    await smsSim?.close();
    if (!opts.db) await db.drop();
    throw e;
  }
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = server.app.server.address() as AddressInfo;
  // Callbacks (card network) must reach this server: its URL is known only now.
  if (!opts.env?.PUBLIC_URL) config.publicUrl = `http://127.0.0.1:${port}`;
  // The hosted checkout (`checkoutUrl`) is this server's web app unless the test says otherwise.
  if (!opts.env?.PUBLIC_URL && !opts.env?.PUBLIC_WEB_URL) config.publicWebUrl = config.publicUrl;
  return {
    ...server,
    db,
    config,
    url: `http://127.0.0.1:${port}`,
    sim,
    smsSim,
    idvSim,
    stop: async (o?: { keepDatabase?: boolean }) => {
      await sim?.close();
      await smsSim?.close();
      await idvSim?.close();
      await server.close();
      if (!opts.db && !o?.keepDatabase) await db.drop();
    },
  };
}

/** Signs up a customer over HTTP and returns their token and wallet. */
export async function signup(s: TestServer, phone: string, password = 'correct horse battery') {
  const res = await s.app.inject({ method: 'POST', url: '/v1/auth/signup', payload: { phone, password } });
  if (res.statusCode !== 201) throw new Error(`signup failed: ${res.statusCode} ${res.body}`);
  const body = res.json();
  return {
    token: body.session.token as string,
    walletId: body.customer.walletId as string,
    customerId: body.customer.id as string,
    phone,
  };
}

/** Test fixture: credits a wallet as if a card top-up had settled (posted from the card settlement account). */
export async function fund(s: TestServer, walletId: string, minor: bigint) {
  const { rows } = await s.db.pool.query(
    `SELECT account_id FROM wallet_accounts WHERE wallet_id = $1 AND currency = 'CNY'`,
    [walletId],
  );
  const [r] = await s.engine.submit([
    {
      id: uuidv7(),
      debitAccountId: systemAccountId(156, AccountCode.cardNetworkSettlement),
      creditAccountId: rows[0].account_id,
      amount: minor,
      ledger: 156,
      code: TransferCode.topup,
      userData: { kind: 'topup', from: { name: 'Test fixture' } },
    },
  ]);
  if (!r?.ok) throw new Error(`fund failed: ${JSON.stringify(r)}`);
}

export const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** Creates a plain ledger account (for tests that need one outside a wallet). */
export async function ledgerAccount(s: TestServer, flags = 0) {
  const id = uuidv7();
  await createAccounts(s.db.pool, [{ id, ledger: 156, code: 1, flags }]);
  return id;
}
