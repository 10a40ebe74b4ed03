import { extractCode, TEST_CARD_EXPIRY, TEST_CARDS } from '@yinbao/simulators';
import { SingleBar } from 'cli-progress';
import type pg from 'pg';
import type { Config } from '../platform/config.ts';

export const DEMO_CUSTOMERS = [
  {
    name: '张伟',
    phone: '13800138000',
    password: 'yinbao-demo-1',
    card: TEST_CARDS.approve,
    topups: ['2000.00', '500.00'],
  },
  {
    name: '李娜',
    phone: '13900139000',
    password: 'yinbao-demo-2',
    card: TEST_CARDS.approveVisa,
    topups: ['1200.00'],
  },
  {
    name: '王芳',
    phone: '13700137000',
    password: 'yinbao-demo-3',
    card: TEST_CARDS.approveMastercard,
    topups: ['300.00'],
  },
] as const;

const TRANSFERS = [
  { from: 0, to: 1, amount: '88.00', note: '午饭 AA lunch' },
  { from: 1, to: 2, amount: '200.00', note: '给妈妈 for Mum' },
  { from: 0, to: 2, amount: '66.60', note: '电影票 movie tickets' },
  { from: 2, to: 0, amount: '12.50', note: '奶茶 bubble tea' },
  { from: 1, to: 0, amount: '35.00', note: '打车 taxi' },
] as const;

export async function isDatabaseEmpty(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM customers');
  return rows[0].n === 0;
}

/** Where the demo reads texted codes: the SMS simulator's control API (`GET /_control/messages`). */
export type SmsControl = { url: string; secret: string };

/** The SMS gateway of the configuration (the runtime has started the simulator when none was set). */
export const smsControlOf = (config: Pick<Config, 'sms'>): SmsControl | undefined =>
  config.sms.url ? { url: config.sms.url, secret: config.sms.secret } : undefined;

/**
 * The code texted for this verification, read back from the SMS simulator (the server sends each
 * text with the reference `<verificationId>:<n>`); null when none was texted (a registered number
 * gets a text without a code) or the gateway has no control API.
 */
async function textedCode(sms: SmsControl, phone: string, verificationId: string): Promise<string | null> {
  try {
    const to = encodeURIComponent(`+86${phone}`);
    const res = await fetch(`${sms.url.replace(/\/+$/, '')}/_control/messages?to=${to}&limit=20`, {
      headers: { authorization: `Bearer ${sms.secret}` },
    });
    if (!res.ok) return null;
    const { items } = (await res.json()) as { items: Array<{ text: string; reference?: string }> };
    const text = items.find((m) => m.reference?.startsWith(`${verificationId}:`))?.text;
    return text ? extractCode(text) : null;
  } catch {
    return null;
  }
}

/**
 * Demo data through the public API (so it exercises the same paths as a customer): sign-up (the
 * phone verified with the code texted to the SMS simulator), a bound card, top-ups settled by the
 * card-network simulator, and P2P transfers with notes. Customers that exist already sign in.
 */
export async function seedDemo(
  baseUrl: string,
  opts: { progress?: boolean; sms?: SmsControl } = {},
): Promise<void> {
  const steps =
    DEMO_CUSTOMERS.length * 2 + DEMO_CUSTOMERS.reduce((n, c) => n + c.topups.length, 0) + TRANSFERS.length;
  const bar = opts.progress
    ? new SingleBar({ format: '  demo data [{bar}] {value}/{total} {step}', hideCursor: true })
    : null;
  bar?.start(steps, 0, { step: '' });
  const tick = (step: string) => bar?.increment(1, { step });
  const call = async (method: string, path: string, body?: unknown, token?: string, key?: string) => {
    const res = await fetch(baseUrl + path, {
      method,
      headers: {
        // One device for the seeding: a re-seed signs in on the device the demo wallets were opened on (trusted).
        'x-device-id': 'yinbao-demo-seed-device',
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = (await res.json()) as Record<string, unknown>;
    return { status: res.status, json };
  };
  try {
    const tokens: string[] = [];
    for (const c of DEMO_CUSTOMERS) {
      // Two steps: have a code texted, read it at the simulator, sign up with it. A number that has
      // a wallet already is texted no code, and its sign-up fails: then it signs in.
      const v = await call('POST', '/v1/auth/signup/verify-phone', { phone: c.phone });
      const verificationId = v.status === 202 ? (v.json.verificationId as string) : undefined;
      const code = verificationId && opts.sms ? await textedCode(opts.sms, c.phone, verificationId) : null;
      let r = await call('POST', '/v1/auth/signup', {
        phone: c.phone,
        password: c.password,
        displayName: c.name,
        ...(verificationId && code ? { verificationId, code } : {}),
      });
      if (r.status === 409 || r.status === 400) {
        const login = await call('POST', '/v1/auth/login', { phone: c.phone, password: c.password });
        if (login.status === 200) r = { status: 200, json: { session: login.json } };
      }
      if (r.status >= 300)
        throw new Error(
          `sign-up of ${c.name} failed: ${JSON.stringify(r.json)}${code ? '' : ' (no texted code was found at the SMS simulator)'}`,
        );
      const token = (r.json.session as { token: string }).token;
      tokens.push(token);
      tick(`${c.name} signed up`);
      const card = await call(
        'POST',
        '/v1/cards',
        { pan: c.card, expiry: TEST_CARD_EXPIRY, holderName: c.name },
        token,
        `seed-card-${c.phone}`,
      );
      tick(`${c.name} bound a card`);
      const cardId =
        (card.json.id as string | undefined) ??
        ((await call('GET', '/v1/cards', undefined, token)).json.items as { id: string }[])[0]?.id;
      for (const [i, amount] of c.topups.entries()) {
        const t = await call(
          'POST',
          '/v1/topups',
          { cardId, amount: { amount, currency: 'CNY' } },
          token,
          `seed-topup-${c.phone}-${i}`,
        );
        if (t.status >= 300) throw new Error(`top-up failed: ${JSON.stringify(t.json)}`);
        await waitSettled(call, `/v1/topups/${t.json.id}`, token);
        tick(`${c.name} topped up ¥${amount}`);
      }
    }
    for (const [i, t] of TRANSFERS.entries()) {
      const to = DEMO_CUSTOMERS[t.to]!;
      const r = await call(
        'POST',
        '/v1/transfers',
        { to: { phone: to.phone }, amount: { amount: t.amount, currency: 'CNY' }, note: t.note },
        tokens[t.from],
        `seed-p2p-${i}`,
      );
      if (r.status >= 300) throw new Error(`transfer failed: ${JSON.stringify(r.json)}`);
      tick(`transfer: ${t.note}`);
    }
  } finally {
    bar?.stop();
  }
}

async function waitSettled(
  call: (m: string, p: string, b?: unknown, t?: string) => Promise<{ json: Record<string, unknown> }>,
  path: string,
  token: string,
) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const r = await call('GET', path, undefined, token);
    if (r.json.status !== 'pending') return;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`${path} did not settle in time`);
}
