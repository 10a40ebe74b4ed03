import { type StartedShopSimulator, startShopSimulator } from '@yinbao/simulators';
import { DEMO_CUSTOMERS } from './seed.ts';
import { DEMO_MERCHANTS } from './seed-merchants.ts';

/** The demo web shop of 张记面馆 (the first demo merchant) in `yinbao start`. */
const SHOP = DEMO_MERCHANTS[0];
const KEY_NAME = 'demo web shop';
const DEFAULT_PORT = 4040;

type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; json: Json }>;
// biome-ignore lint/suspicious/noExplicitAny: JSON answers of the public API, checked field by field
type Json = any;

/**
 * Starts the noodle shop's online menu (the shop simulator) and connects it to Yinbao as its owner
 * would: a fresh API key (orders:write, orders:read) and a webhook endpoint for `order.paid` at the
 * shop's address. Nothing is written to disk: each start revokes the previous demo key and replaces
 * the endpoint, so the secrets live only in this process. Answers null (with the reason logged) when
 * the demo merchant is missing or http://127.0.0.1 webhooks are not allowed.
 */
export async function startDemoShop(
  yinbaoUrl: string,
  log: (m: string) => void,
  port = Number(process.env.DEMO_SHOP_PORT ?? DEFAULT_PORT),
): Promise<StartedShopSimulator | null> {
  let shop: StartedShopSimulator;
  try {
    shop = await startShopSimulator({ yinbaoUrl, port });
  } catch {
    shop = await startShopSimulator({ yinbaoUrl, port: 0 });
  }
  try {
    const owner = DEMO_CUSTOMERS[SHOP.owner]!;
    let token = '';
    const call: Call = async (method, path, body) => {
      const res = await fetch(yinbaoUrl + path, {
        method,
        headers: {
          'x-device-id': 'yinbao-demo-seed-device',
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, json: await res.json().catch(() => ({})) };
    };
    const login = await call('POST', '/v1/auth/login', { phone: owner.phone, password: owner.password });
    if (login.status !== 200) throw new Error(`sign-in of ${owner.name}: ${login.status}`);
    token = login.json.token;
    const mine = await call('GET', '/v1/me/merchants');
    const id = (mine.json.items as Array<{ id: string; businessName: string }> | undefined)?.find(
      (m) => m.businessName === SHOP.businessName,
    )?.id;
    if (!id) throw new Error(`no demo merchant ${SHOP.businessName}`);

    for (const k of (await call('GET', `/v1/merchants/${id}/api-keys`)).json.items ?? [])
      if (k.name === KEY_NAME && k.status !== 'revoked')
        await call('POST', `/v1/merchants/${id}/api-keys/${k.id}/revoke`, {});
    const hookUrl = `${shop.url}/webhooks/yinbao`;
    for (const w of (await call('GET', `/v1/merchants/${id}/webhooks`)).json.items ?? [])
      if (w.url === hookUrl && !w.deletedAt) await call('DELETE', `/v1/merchants/${id}/webhooks/${w.id}`);

    const key = await call('POST', `/v1/merchants/${id}/api-keys`, {
      name: KEY_NAME,
      scopes: ['orders:write', 'orders:read'],
    });
    if (key.status !== 201) throw new Error(`API key: ${JSON.stringify(key.json)}`);
    const hook = await call('POST', `/v1/merchants/${id}/webhooks`, { url: hookUrl, events: ['order.paid'] });
    if (hook.status !== 201) throw new Error(`webhook endpoint: ${JSON.stringify(hook.json)}`);
    shop.config.apiKey = key.json.key;
    shop.config.webhookSecrets = [hook.json.secret];
    return shop;
  } catch (e) {
    log(`demo shop not started: ${(e as Error).message}`);
    await shop.close();
    return null;
  }
}
