import { randomBytes } from 'node:crypto';
import { totp } from '../../apps/server/src/modules/security/totp.ts';
import { call } from './api.ts';
import type { TestServer } from './server.ts';

export type StaffUser = { id: string; username: string; token: string; secret: Buffer; password: string };

let seq = 0;

/**
 * A staff member with these roles, an installed authenticator and a full session (signed in over
 * HTTP with password + authenticator code, like the console does).
 */
export async function staffWithRoles(s: TestServer, roles: string[], name?: string): Promise<StaffUser> {
  const username = name ?? `${roles.join('-').replace(/_/g, '-')}-${process.pid % 1000}-${++seq}`;
  const password = `staff pass ${randomBytes(6).toString('hex')}`;
  const created = await s.staffAuth.create({ username, displayName: username, roles, password }, null);
  if (!created.ok) throw new Error(`staff create: ${created.code}`);
  const secret = randomBytes(20);
  await s.staffAuth.installTotp(created.value.id, secret);
  const r = await call(s, 'POST', '/v1/staff/auth/login', {
    body: { username, password, code: totp(secret, new Date()) },
  });
  if (r.status !== 200 || r.json.kind !== 'full') throw new Error(`staff login: ${r.status} ${r.text}`);
  return { id: created.value.id, username, token: r.json.token, secret, password };
}
