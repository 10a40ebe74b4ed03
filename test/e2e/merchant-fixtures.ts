import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { call } from '../helpers/api.ts';
import type { TestServer } from '../helpers/server.ts';
import { staffWithRoles } from '../helpers/staff.ts';
import type { signUpCustomer } from './browser.ts';

type Customer = Awaited<ReturnType<typeof signUpCustomer>>;

/** The API as this customer on their own device (POSTs get a fresh Idempotency-Key). */
export function customerApi(server: TestServer, c: Customer, method: string, path: string, body?: unknown) {
  return call(server, method, path, {
    token: c.token,
    body,
    headers: { 'x-device-id': c.deviceId },
    ...(method === 'POST' ? { idempotencyKey: randomUUID() } : {}),
  });
}

/** An active merchant of `owner`'s: applied for over the API and approved by a compliance officer. */
export async function openActiveMerchant(
  server: TestServer,
  owner: Customer,
  shop: { businessName: string; mcc: string },
): Promise<string> {
  const applied = await customerApi(server, owner, 'POST', '/v1/merchants', {
    ...shop,
    settlement: { kind: 'bank_account', bankName: '中国工商银行', accountNumber: '6222 0212 3456 7890 123' },
    contact: { phone: '13912345678', email: 'shop@example.com' },
  });
  expect(applied.status, applied.text).toBe(201);
  const compliance = await staffWithRoles(server, ['compliance']);
  const approved = await call(server, 'POST', `/v1/staff/merchants/${applied.json.id}/approve`, {
    token: compliance.token,
    body: {},
  });
  expect(approved.status, approved.text).toBe(200);
  return applied.json.id as string;
}
