// The API under load, in its own process (as deployed): the load generator must not share its
// event loop. Started by http-load.ts over IPC; answers { port } and stops on 'stop'.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { createPool } from '../apps/server/src/platform/db/pool.ts';
import { createLogger } from '../apps/server/src/platform/logger.ts';
import { buildServer } from '../apps/server/src/server.ts';

const url = process.env.BENCH_DATABASE_URL;
if (!url || !process.send) throw new Error('bench/http-server.ts is started by bench/http-load.ts');

const config = loadConfig({
  // Each bench customer sends several payments a second: the velocity and step-up rules would
  // hold them, which is the point of those rules but not what this measures.
  RISK_MAX_TRANSFERS_PER_MINUTE: '1000000000',
  RISK_STEP_UP_ABOVE_MINOR: '100000000000',
  // The bench measures the payment path, not confirmations: payees count as known.
  SCA_NEW_PAYEE: 'false',
  // The bench signs 200 customers up from one address.
  RATE_LIMIT_SIGNUP_PER_MINUTE: '1000000',
  RATE_LIMIT_LOGIN_PER_MINUTE: '1000000',
  // …in one step (no texted code: phone verification is measured nowhere here).
  SIGNUP_VERIFY_PHONE: 'false',
  YINBAO_MASTER_KEY: randomBytes(32).toString('base64'),
  ...(process.env.BENCH_DATA_DIR ? { YINBAO_DATA_DIR: process.env.BENCH_DATA_DIR } : {}),
  LOG_LEVEL: 'warn',
});
const pool = createPool(url, {
  max: Number(process.env.BENCH_POOL_MAX ?? 40),
  applicationName: 'yinbao-bench-http',
  role: config.dbAppRole,
});
const server = await buildServer({ config, pool, logger: createLogger({ level: 'warn' }), background: true });
await server.app.listen({ port: 0, host: '127.0.0.1' });

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await server.close();
  await pool.end();
  // A normal exit, so that --cpu-prof writes its profile.
  process.exit(0);
}
process.on('message', (m) => {
  if (m === 'stop') void stop();
});
process.on('disconnect', () => void stop());
process.send({ port: (server.app.server.address() as AddressInfo).port });
