import { createHash } from 'node:crypto';
import { base32 } from '../modules/security/totp.ts';
import type { StaffAuth } from '../modules/staff/index.ts';

/**
 * Demo back-office staff (demo data only: their passwords and authenticator secrets are public,
 * printed by `yinbao start`). Two operators-level people so maker–checker can be tried: one
 * proposes, the other approves.
 */
export const DEMO_STAFF = [
  { username: 'admin', displayName: '系统管理员 Admin', roles: ['admin'], password: 'yinbao-staff-admin' },
  {
    username: 'ops',
    displayName: '运营 Operator',
    roles: ['operator', 'customer_service'],
    password: 'yinbao-staff-ops',
  },
  {
    username: 'compliance',
    displayName: '合规 Compliance',
    roles: ['compliance', 'risk_analyst'],
    password: 'yinbao-staff-compliance',
  },
] as const;

/** The demo authenticator secret of a demo staff member (deterministic, so it can be printed). */
export const demoStaffSecret = (username: string) =>
  createHash('sha1').update(`yinbao-demo-staff:${username}`).digest();
export const demoStaffSecretBase32 = (username: string) => base32(demoStaffSecret(username));

export async function seedDemoStaff(auth: StaffAuth): Promise<void> {
  for (const s of DEMO_STAFF) {
    const r = await auth.create({ ...s, roles: [...s.roles] }, null);
    if (!r.ok) {
      if (r.code === 'USERNAME_TAKEN') continue;
      throw new Error(`demo staff ${s.username}: ${r.code}`);
    }
    await auth.installTotp(r.value.id, demoStaffSecret(s.username));
  }
}
