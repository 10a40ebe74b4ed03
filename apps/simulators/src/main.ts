import { startCardNetworkSimulator } from './card-network/server.ts';
import { startIdentitySimulator } from './identity/server.ts';
import { startSmsSimulator } from './sms/server.ts';

const port = Number(process.env.PORT ?? 4010);
const smsPort = Number(process.env.SMS_PORT ?? 4020);
const idvPort = Number(process.env.IDV_PORT ?? 4030);
const host = process.env.HOST ?? '127.0.0.1';
const optionalNumber = (value: string | undefined): number | undefined =>
  value === undefined || value === '' ? undefined : Number(value);
const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

const sim = await startCardNetworkSimulator({
  port,
  host,
  secret: process.env.CARD_NETWORK_SECRET ?? 'sim-secret',
  decisionDelayMs: optionalNumber(process.env.CARD_NETWORK_DECISION_DELAY_MS),
  lateDelayMs: optionalNumber(process.env.CARD_NETWORK_LATE_DELAY_MS),
  slowAcceptMs: optionalNumber(process.env.CARD_NETWORK_SLOW_ACCEPT_MS),
  logger: process.env.CARD_NETWORK_LOG === '1',
});
console.log(`card-network simulator listening on ${sim.url}`);

let sms: Awaited<ReturnType<typeof startSmsSimulator>>;
try {
  sms = await startSmsSimulator({
    port: smsPort,
    host,
    secret: process.env.SMS_SECRET ?? 'sim-secret',
    failTo: list(process.env.SMS_FAIL_TO),
    logger: process.env.SMS_LOG === '1',
  });
} catch (err) {
  await sim.close();
  throw err;
}
console.log(`sms simulator listening on ${sms.url}`);

let idv: Awaited<ReturnType<typeof startIdentitySimulator>>;
try {
  idv = await startIdentitySimulator({
    port: idvPort,
    host,
    secret: process.env.IDV_SECRET ?? 'sim-secret',
    logger: process.env.IDV_LOG === '1',
  });
} catch (err) {
  await Promise.all([sim.close(), sms.close()]);
  throw err;
}
console.log(`identity-verification simulator listening on ${idv.url}`);

let closing = false;
const shutdown = (signal: string) => {
  if (closing) return;
  closing = true;
  console.log(`simulators: ${signal}, shutting down`);
  Promise.all([sim.close(), sms.close(), idv.close()]).then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
