import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The merchant's webhook endpoint (real HTTP): counts deliveries per event id, answers 200. */
export type WebhookReceiver = {
  url: string;
  /** event id → times delivered */
  deliveries: Map<string, number>;
  close: () => Promise<void>;
};

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const deliveries = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const id = JSON.parse(Buffer.concat(chunks).toString('utf8')).id;
        if (typeof id === 'string') deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/chaos`,
    deliveries,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
