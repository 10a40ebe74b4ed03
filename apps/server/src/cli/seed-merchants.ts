import type { Server } from '../server.ts';
import { DEMO_CUSTOMERS } from './seed.ts';

/**
 * Demo merchants (issue 5): owners apply over the public API as the demo customers, the demo admin
 * approves them through the review service (which opens their ledger accounts), and the noodle
 * shop gets a cashier. Merchants that exist already (same owner and name) are left as they are.
 */
export const DEMO_MERCHANTS = [
  {
    businessName: '张记面馆',
    mcc: '5812',
    owner: 0,
    cashier: 2,
    settlement: 'card' as const,
    contact: { phone: '13800138001', email: 'zhangji@example.cn' },
  },
  {
    businessName: '便民超市',
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

export async function seedDemoMerchants(
  baseUrl: string,
  server: Pick<Server, 'merchants' | 'staffAuth'>,
): Promise<void> {
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
  }
}

/** Banner lines: each demo merchant, its category, owner and cashier. */
export function demoMerchantLines(): string[] {
  return DEMO_MERCHANTS.map((m) => {
    const owner = DEMO_CUSTOMERS[m.owner]!;
    const cashier = m.cashier === null ? '' : `, cashier ${DEMO_CUSTOMERS[m.cashier]!.name}`;
    return `  ${m.businessName}  MCC ${m.mcc}  owner ${owner.name} ${owner.phone}${cashier}`;
  });
}
