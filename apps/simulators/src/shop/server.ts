import type { FastifyInstance } from 'fastify';
import Fastify from 'fastify';
import { applySimulatorShell } from '../http-shell.ts';
import { type ShopConfig, shopPageRoutes, shopWebhookRoutes } from './routes.ts';
import { ShopState } from './state.ts';

export type ShopSimulatorOptions = Omit<ShopConfig, 'publicUrl' | 'webhookSecrets' | 'apiKey'> & {
  apiKey?: string;
  webhookSecrets?: string[];
  /** The shop's address for the browser; default its listening URL. */
  publicUrl?: string;
  logger?: boolean;
};

export interface ShopSimulator {
  app: FastifyInstance;
  state: ShopState;
  /** Mutable: set `apiKey` and `webhookSecrets` once the merchant has them. */
  config: ShopConfig;
  close(): Promise<void>;
}

export interface StartedShopSimulator extends ShopSimulator {
  /** Base URL, e.g. `http://127.0.0.1:4040` (no trailing slash). */
  url: string;
}

/**
 * A merchant's web shop (the noodle shop's online menu): it sells through Yinbao's online checkout
 * like a real merchant server would — the order API with its key, the customer sent to the hosted
 * page, the result learnt from the signed `order.paid` webhook.
 */
export function createShopSimulator(opts: ShopSimulatorOptions): ShopSimulator {
  const app = Fastify({ logger: opts.logger ?? false });
  const state = new ShopState();
  const config: ShopConfig = {
    yinbaoUrl: opts.yinbaoUrl,
    apiKey: opts.apiKey ?? '',
    webhookSecrets: opts.webhookSecrets ?? [],
    publicUrl: opts.publicUrl ?? '',
    expiresInSeconds: opts.expiresInSeconds,
  };
  applySimulatorShell(app, 'shop');
  void app.register(shopPageRoutes, { state, config });
  void app.register(shopWebhookRoutes, { state, config });
  return {
    app,
    state,
    config,
    async close() {
      await app.close();
    },
  };
}

/** Creates the shop and listens on `port` (0 = random) / `host` (default 127.0.0.1). */
export async function startShopSimulator(
  opts: ShopSimulatorOptions & { port?: number; host?: string },
): Promise<StartedShopSimulator> {
  const { port = 0, host = '127.0.0.1', ...rest } = opts;
  const shop = createShopSimulator(rest);
  await shop.app.listen({ port, host });
  const address = shop.app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${boundPort}`;
  if (!shop.config.publicUrl) shop.config.publicUrl = url;
  return { ...shop, url };
}
