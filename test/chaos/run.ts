import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCardNetworkSimulator, startIdentitySimulator, startSmsSimulator } from '@yinbao/simulators';
import pg from 'pg';
import { findFreePort } from '../../apps/server/src/platform/net.ts';
import { describeFindings, scanForSecrets } from '../helpers/secret-scan.ts';
import { type ApiProcess, createApiProcess } from './api-process.ts';
import { verify } from './checks.ts';
import { createFixtures } from './fixtures.ts';
import { type LoadState, virtualClient } from './load.ts';
import { createChaosPostgres } from './pg-cluster.ts';
import { buildReport, type ChaosReport } from './report.ts';
import { createRng } from './rng.ts';
import { unexplainedServerErrors } from './server-errors.ts';

export type ChaosOptions = {
  minutes: number;
  seed?: number;
  clients?: number;
  log?: (m: string) => void;
  /** Keep the temp directory (cluster data and API logs) for inspection. */
  keep?: boolean;
};

const SIM_SECRET = 'chaos-card-network-secret';
const MASTER_KEY = Buffer.alloc(32, 42).toString('base64');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, cond: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

/** `yinbao reconcile` as a subprocess: exit code and its output. */
function reconcile(env: Record<string, string>): Promise<{ code: number; output: string }> {
  const main = join(import.meta.dirname, '../../apps/server/src/cli/main.ts');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', main, 'reconcile'],
      { env: { ...process.env, ...env }, cwd: join(import.meta.dirname, '../..') },
      (e, stdout, stderr) =>
        resolve({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

/**
 * Crash chaos (issue 7): continuous load while the API and PostgreSQL are killed with SIGKILL at
 * random moments and restarted; at the end every acknowledged operation is checked against the
 * ledger, the outbox, the merchant's webhook receiver, the card network and the API's logs.
 */
export async function runChaos(opts: ChaosOptions): Promise<ChaosReport> {
  const log = opts.log ?? (() => {});
  const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
  const rng = createRng(seed);
  log(`chaos: seed ${seed}, ${opts.minutes} min`);
  const dir = mkdtempSync(join(tmpdir(), 'yinbao-chaos-'));
  const pgc = await createChaosPostgres(dir, log);
  const card = await startCardNetworkSimulator({ port: 0, secret: SIM_SECRET });
  const sms = await startSmsSimulator({ port: 0 });
  const idv = await startIdentitySimulator({ port: 0 });
  const { startWebhookReceiver } = await import('./webhook-receiver.ts');
  const hooks = await startWebhookReceiver();
  const port = await findFreePort();
  const env: Record<string, string> = {
    DATABASE_URL: pgc.url,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    YINBAO_DATA_DIR: join(dir, 'data'),
    YINBAO_MASTER_KEY: MASTER_KEY,
    CARD_NETWORK_URL: card.url,
    CARD_NETWORK_SECRET: SIM_SECRET,
    SMS_GATEWAY_URL: sms.url,
    IDV_URL: idv.url,
    CARD_AUTH_TIMEOUT_SECONDS: '20',
    RISK_STEP_UP_ABOVE_MINOR: '100000000',
    RISK_MAX_TRANSFERS_PER_MINUTE: '100000',
    SCA_NEW_PAYEE: 'false',
    STATIC_QR_DAILY_CAP_MINOR: '100000000',
    RATE_LIMIT_SIGNUP_PER_MINUTE: '100000',
    RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
    RATE_LIMIT_PIN_PER_MINUTE: '100000',
    SIGNUP_VERIFY_PHONE: 'false',
    WEBHOOKS_ALLOW_HTTP_LOCALHOST: 'true',
    LOG_LEVEL: 'info',
    NODE_ENV: 'test',
  };
  const api: ApiProcess = createApiProcess({ port, env, logDir: dir, log });
  const kills = { api: 0, pg: 0 };
  const startedAt = Date.now();
  let stopSupervisor = false;
  let apiBusy = false;
  const supervisor = (async () => {
    // An API that died by itself (e.g. it could not start while PostgreSQL was down) is started again.
    while (!stopSupervisor) {
      if (!api.running() && !apiBusy) {
        apiBusy = true;
        await api.start().catch((e: Error) => log(`API start failed: ${e.message}`));
        apiBusy = false;
      }
      await sleep(200);
    }
  })();
  const fixtureStates: LoadState = { ops: [], retries: { retries: 0 }, setupCalls: 0 };
  try {
    await until('the API', async () => api.running() && !apiBusy, 120_000);
    const fx = await createFixtures({
      base: api.url,
      env,
      customers: opts.clients ?? 6,
      webhookUrl: hooks.url,
    });
    log(`fixtures: ${fx.customers.length} customers, merchant ${fx.merchant.id}`);
    const endAt = Date.now() + opts.minutes * 60_000;
    let loadRunning = true;
    const drainDeadline = () => Date.now() < endAt + 180_000;
    const clients = fx.customers.map((me, i) =>
      virtualClient(
        {
          base: () => api.url,
          me,
          others: fx.customers.filter((c) => c !== me),
          merchant: fx.merchant,
          rng: createRng(seed + i + 1),
          state: fixtureStates,
          retrying: drainDeadline,
        },
        () => loadRunning,
      ),
    );
    // Kills: every 5–30 s; the first is the API, the second PostgreSQL, then either.
    while (Date.now() < endAt) {
      await sleep(Math.min(rng.int(5_000, 30_000), Math.max(0, endAt - Date.now())));
      if (Date.now() >= endAt) break;
      const n = kills.api + kills.pg;
      const target = n === 0 ? 'api' : n === 1 ? 'pg' : rng.next() < 0.5 ? 'api' : 'pg';
      const down = rng.int(200, 3000);
      if (target === 'api') {
        await until('the API to be up before a kill', async () => api.running() && !apiBusy, 120_000);
        apiBusy = true;
        await api.kill();
        kills.api++;
        log(`kill -9 API (#${kills.api}) at ${Math.round((Date.now() - startedAt) / 1000)} s`);
        await sleep(down);
        await api.start().catch((e: Error) => log(`API restart failed: ${e.message}`));
        apiBusy = false;
      } else {
        await pgc.kill();
        kills.pg++;
        log(`kill -9 PostgreSQL (#${kills.pg}) at ${Math.round((Date.now() - startedAt) / 1000)} s`);
        await sleep(down);
        await pgc.start();
      }
    }
    loadRunning = false;
    log('load stopping; waiting for operations in flight');
    await Promise.all(clients);
    await until('the API', async () => api.running() && !apiBusy, 120_000);
    const db = new pg.Client({ connectionString: pgc.url });
    await db.connect();
    try {
      // Drain: the outbox, webhook deliveries and card holds (released by the sweeper) settle.
      await until(
        'the workers to drain',
        async () => {
          const { rows } = await db.query(
            `SELECT (SELECT count(*) FROM outbox_events WHERE delivered_at IS NULL)
                  + (SELECT count(*) FROM webhook_deliveries WHERE status = 'pending')
                  + (SELECT count(*) FROM card_operations WHERE status = 'pending') AS n`,
          );
          return Number(rows[0].n) === 0;
        },
        120_000,
      ).catch((e: Error) => log(e.message));
      const verdict = await verify(db, fixtureStates.ops, hooks.deliveries, card.state);
      const rec = await reconcile({ ...env });
      const logLines = api.logFiles.flatMap((f) => readFileSync(f, 'utf8').split('\n'));
      const findings = scanForSecrets(logLines, fx.known);
      if (findings.length) log(`secrets in logs: ${describeFindings(findings)}`);
      return buildReport({
        seed,
        minutes: opts.minutes,
        kills,
        apiExits: api.exits,
        state: fixtureStates,
        verdict,
        reconcile: rec,
        logLines: logLines.length,
        leaks: findings.length,
        leakSummary: describeFindings(findings),
        serverErrors: unexplainedServerErrors(logLines),
        seconds: Math.round((Date.now() - startedAt) / 1000),
      });
    } finally {
      await db.end();
    }
  } finally {
    stopSupervisor = true;
    await supervisor;
    await api.stop().catch(() => undefined);
    await pgc.stop().catch(() => undefined);
    await Promise.all([card.close(), sms.close(), idv.close(), hooks.close()]);
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
    else log(`kept ${dir}`);
  }
}
