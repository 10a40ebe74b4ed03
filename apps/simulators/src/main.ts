import { startCardNetworkSimulator } from './card-network/server.ts';

const port = Number(process.env.PORT ?? 4010);
const host = process.env.HOST ?? '127.0.0.1';
const optionalNumber = (value: string | undefined): number | undefined =>
  value === undefined || value === '' ? undefined : Number(value);

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

let closing = false;
const shutdown = (signal: string) => {
  if (closing) return;
  closing = true;
  console.log(`card-network simulator: ${signal}, shutting down`);
  sim.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
