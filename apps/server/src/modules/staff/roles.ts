/**
 * Staff roles and what each may do. Every staff route names one permission; the auth hook refuses
 * a session whose roles do not grant it (403). Maker–checker approvals need the approve permission
 * of the request's kind and a different person than the maker (also enforced by the database).
 */
export const ROLES = ['operator', 'risk_analyst', 'compliance', 'customer_service', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  /** Look customers up and see their masked profile, wallet and recent activity. */
  'customers.read': ['operator', 'risk_analyst', 'compliance', 'customer_service', 'admin'],
  /** See a customer's full phone number and name (audited each time). */
  'customers.unmask': ['compliance', 'admin'],
  /**
   * Freeze a wallet at once, alone: the urgent path for fraud in progress (protective; lifting it
   * needs maker–checker). The normal path is a `freeze` request approved by a second person.
   */
  'wallets.freeze': ['operator', 'risk_analyst', 'customer_service', 'admin'],
  /** See maker–checker requests. */
  'requests.read': ['operator', 'risk_analyst', 'compliance', 'customer_service', 'admin'],
  'adjust_balance.propose': ['operator', 'admin'],
  'adjust_balance.approve': ['operator', 'admin'],
  /**
   * Freezing through maker–checker: those who meet customers and their payments propose (operator,
   * customer service, risk); risk and compliance decide (compliance reviews, it does not initiate).
   */
  'freeze.propose': ['operator', 'risk_analyst', 'customer_service', 'admin'],
  'freeze.approve': ['risk_analyst', 'compliance', 'admin'],
  'lift_freeze.propose': ['customer_service', 'risk_analyst', 'admin'],
  'lift_freeze.approve': ['risk_analyst', 'admin'],
  'raise_tier.propose': ['customer_service', 'compliance', 'admin'],
  'raise_tier.approve': ['compliance', 'admin'],
  /** KYC review queue: approve or reject upgrades and face checks. */
  'kyc.review': ['compliance', 'admin'],
  /** Merchant applications: approve (the merchant goes live) or reject. */
  'merchant.review': ['compliance', 'admin'],
  /** Read the audit log and its chain verification. */
  'audit.read': ['compliance', 'admin'],
  /** Create staff accounts and change roles. */
  'staff.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function permissionsOf(roles: readonly string[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const [p, allowed] of Object.entries(PERMISSIONS) as Array<[Permission, readonly Role[]]>) {
    if (allowed.some((r) => roles.includes(r))) out.add(p);
  }
  return out;
}

export const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);
