import type { FastifyInstance } from 'fastify';
import client from 'prom-client';

export type Metrics = {
  registry: client.Registry;
  contentType: string;
  render(): Promise<string>;
  instrument(app: FastifyInstance): void;
  ledgerBatch: client.Histogram<string>;
  outboxDelivered: client.Counter<string>;
};

/** Prometheus metrics: process defaults, HTTP latency by route, ledger batch sizes, outbox delivery. */
export function createMetrics(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const http = new client.Histogram({
    name: 'yinbao_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 2.5],
    registers: [registry],
  });
  const ledgerBatch = new client.Histogram({
    name: 'yinbao_ledger_batch_transfers',
    help: 'Transfers per ledger database transaction',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096, 8190],
    registers: [registry],
  });
  const outboxDelivered = new client.Counter({
    name: 'yinbao_outbox_delivered_total',
    help: 'Outbox events delivered',
    labelNames: ['topic'],
    registers: [registry],
  });
  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    ledgerBatch,
    outboxDelivered,
    instrument(app) {
      app.addHook('onResponse', async (req, reply) => {
        http.observe(
          {
            method: req.method,
            route: req.routeOptions.url ?? 'unmatched',
            status: String(reply.statusCode),
          },
          reply.elapsedTime / 1000,
        );
      });
    },
  };
}
