import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from '../server.ts';
import { writeQrPng, writeQrSvg } from './qr-image.ts';
import { DEMO_CUSTOMERS } from './seed.ts';

/**
 * Demo merchants (issue 5): owners apply over the public API as the demo customers, the demo admin
 * approves them through the review service (which opens their ledger accounts), and the noodle
 * shop gets a cashier. Each gets a static QR code (the customer types the amount), written as a
 * printable PNG (and an SVG with the name under the code) to `<dataDir>/demo/`. Merchants and codes
 * that exist already (same owner and name; an active static code) are left as they are.
 */
export const DEMO_MERCHANTS = [
  {
    businessName: '张记面馆',
    slug: 'zhangji-noodles',
    mcc: '5812',
    owner: 0,
    cashier: 2,
    settlement: 'card' as const,
    contact: { phone: '13800138001', email: 'zhangji@example.cn' },
  },
  {
    businessName: '便民超市',
    slug: 'bianmin-market',
    mcc: '5411',
    owner: 1,
    cashier: null,
    settlement: { kind: 'bank_account' as const, bankName: '中国银行', accountNumber: '6216 6100 0001 8888' },
    contact: { phone: '13900139001', email: 'bianmin@example.cn' },
  },
] as const;

type Call = (
  method: string,
  path: string,
  body?: unknown,
  token?: string,
) => Promise<{ status: number; json: Record<string, unknown> }>;

/** A demo merchant's static QR code and where its printable images are. */
export type DemoMerchantQr = { businessName: string; payload: string; png: string; svg: string };

/** The list of the demo codes the seed writes beside the images (read by the start banner). */
export const demoQrManifest = (dataDir: string) => join(dataDir, 'demo', 'qr-codes.json');

export async function seedDemoMerchants(
  baseUrl: string,
  server: Pick<Server, 'merchants' | 'staffAuth'>,
  opts: { dataDir: string },
): Promise<DemoMerchantQr[]> {
  const call: Call = async (method, path, body, token) => {
    const res = await fetch(baseUrl + path, {
      method,
      headers: {
        'x-device-id': 'yinbao-demo-seed-device',
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  const admin = (await server.staffAuth.list()).find((s) => s.username === 'admin');
  if (!admin) throw new Error('demo merchants: the demo admin is missing (seed the staff first)');
  const qrs: DemoMerchantQr[] = [];
  for (const m of DEMO_MERCHANTS) {
    const owner = DEMO_CUSTOMERS[m.owner]!;
    const login = await call('POST', '/v1/auth/login', { phone: owner.phone, password: owner.password });
    if (login.status !== 200) throw new Error(`demo merchants: sign-in of ${owner.name} failed`);
    const token = login.json.token as string;
    const mine = await call('GET', '/v1/me/merchants', undefined, token);
    let id = (mine.json.items as Array<{ id: string; businessName: string }>).find(
      (x) => x.businessName === m.businessName,
    )?.id;
    if (!id) {
      const settlement =
        m.settlement === 'card'
          ? {
              kind: 'card',
              cardId: (
                (await call('GET', '/v1/cards', undefined, token)).json.items as Array<{ id: string }>
              )[0]?.id,
            }
          : m.settlement;
      const r = await call(
        'POST',
        '/v1/merchants',
        { businessName: m.businessName, mcc: m.mcc, settlement, contact: m.contact },
        token,
      );
      if (r.status !== 201) throw new Error(`demo merchant ${m.businessName}: ${JSON.stringify(r.json)}`);
      id = r.json.id as string;
    }
    const approved = await server.merchants.reviews.approve(id, admin.id);
    if (!approved.ok && approved.code !== 'MERCHANT_ALREADY_REVIEWED')
      throw new Error(`demo merchant ${m.businessName}: ${approved.code}`);
    if (m.cashier !== null) {
      const c = DEMO_CUSTOMERS[m.cashier]!;
      const r = await call('POST', `/v1/merchants/${id}/users`, { phone: c.phone, role: 'cashier' }, token);
      if (r.status !== 201 && r.json.code !== 'ALREADY_MERCHANT_USER')
        throw new Error(`demo merchant ${m.businessName}: cashier ${JSON.stringify(r.json)}`);
    }
    const codes = (await call('GET', `/v1/merchants/${id}/qr-codes`, undefined, token)).json.items as Array<{
      kind: string;
      status: string;
      payload: string;
    }>;
    let payload = codes.find((c) => c.kind === 'static' && c.status === 'active')?.payload;
    if (!payload) {
      const r = await call('POST', `/v1/merchants/${id}/qr-codes`, { kind: 'static' }, token);
      if (r.status !== 201) throw new Error(`demo merchant ${m.businessName}: QR ${JSON.stringify(r.json)}`);
      payload = r.json.payload as string;
    }
    const base = join(opts.dataDir, 'demo', `qr-${m.slug}`);
    const qr = { businessName: m.businessName, payload, png: `${base}.png`, svg: `${base}.svg` };
    await writeQrPng(payload, qr.png);
    writeQrSvg(payload, qr.svg, m.businessName, '银宝 Yinbao · 扫码付款 Scan to pay');
    qrs.push(qr);
  }
  mkdirSync(join(opts.dataDir, 'demo'), { recursive: true });
  writeFileSync(demoQrManifest(opts.dataDir), `${JSON.stringify(qrs, null, 2)}\n`);
  return qrs;
}

/** The demo codes the seed wrote into `dataDir` (none when it has not run there). */
export function readDemoQrCodes(dataDir: string): DemoMerchantQr[] {
  const file = demoQrManifest(dataDir);
  if (!existsSync(file)) return [];
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DemoMerchantQr[];
  } catch {
    return [];
  }
}

/** Banner lines: each demo merchant, its category, owner and cashier, and its printed QR code. */
export function demoMerchantLines(qrs: DemoMerchantQr[] = []): string[] {
  return DEMO_MERCHANTS.flatMap((m) => {
    const owner = DEMO_CUSTOMERS[m.owner]!;
    const cashier = m.cashier === null ? '' : `, cashier ${DEMO_CUSTOMERS[m.cashier]!.name}`;
    const qr = qrs.find((q) => q.businessName === m.businessName);
    return [
      `  ${m.businessName}  MCC ${m.mcc}  owner ${owner.name} ${owner.phone}${cashier}`,
      ...(qr ? [`    QR (static)  ${qr.png}  (captioned: ${qr.svg})`, `    payload      ${qr.payload}`] : []),
    ];
  });
}
