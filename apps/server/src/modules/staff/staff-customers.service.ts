import type pg from 'pg';
import { audit } from '../../platform/audit.ts';
import { err, ok, type Result } from '../../platform/errors.ts';
import type { StaffPrincipal } from '../../platform/http/auth.ts';
import { writeOutbox } from '../../platform/outbox.ts';
import { inTransaction } from '../../platform/sql.ts';
import { type IdentityService, maskPhone } from '../identity/index.ts';
import { maskName } from '../kyc/resident-id.ts';
import type { WalletsService } from '../wallets/index.ts';

export type StaffCustomerError = 'CUSTOMER_NOT_FOUND';

/**
 * Customer support in the back-office: look a customer up and see them with personal data masked;
 * unmasking and freezing are separate, permission-checked and audited actions. Every view is
 * audited too (who looked at whom, and why it was possible).
 */
export function createStaffCustomers(deps: {
  pool: pg.Pool;
  identity: IdentityService;
  wallets: WalletsService;
}) {
  async function view(staff: StaffPrincipal, customerId: string) {
    const c = await deps.identity.profileWithHash(customerId);
    const w = c ? await deps.wallets.walletOfCustomer(c.id) : null;
    if (!c || !w) return err('CUSTOMER_NOT_FOUND' as const);
    const wallet = await deps.wallets.describe(c.id, w.id);
    await audit(deps.pool, {
      actor: `staff:${staff.id}`,
      event: 'staff.customer_viewed',
      subject: `customer:${c.id}`,
    });
    return ok({
      id: c.id,
      phone: maskPhone(c.phone),
      displayName: maskName(c.displayName),
      createdAt: c.createdAt.toISOString(),
      wallet: {
        id: w.id,
        tier: w.tier,
        status: w.status,
        frozenBy: w.frozenBy,
        balances: wallet.ok ? wallet.value.balances : [],
      },
    });
  }

  return {
    view,

    async lookup(staff: StaffPrincipal, phone: string) {
      const c = await deps.identity.findByPhone(phone);
      await audit(deps.pool, {
        actor: `staff:${staff.id}`,
        event: 'staff.customer_lookup',
        data: { phone: maskPhone(phone), found: !!c },
      });
      return c ? view(staff, c.id) : err('CUSTOMER_NOT_FOUND' as const);
    },

    /** The full phone number and name, for a stated reason; the reason goes into the audit log. */
    async unmask(
      staff: StaffPrincipal,
      customerId: string,
      reason: string,
    ): Promise<Result<{ phone: string; displayName: string }, StaffCustomerError>> {
      const c = await deps.identity.profileWithHash(customerId);
      if (!c) return err('CUSTOMER_NOT_FOUND');
      await audit(deps.pool, {
        actor: `staff:${staff.id}`,
        event: 'staff.customer_unmasked',
        subject: `customer:${customerId}`,
        data: { reason, fields: ['phone', 'displayName'] },
      });
      return ok({ phone: c.phone, displayName: c.displayName });
    },

    /**
     * Freezes at once (protective, one person: kept for fraud in progress — see docs/security.md);
     * the console proposes freezes through maker–checker instead. Lifting needs maker–checker.
     */
    async freeze(staff: StaffPrincipal, customerId: string, reason: string) {
      const w = await deps.wallets.walletOfCustomer(customerId);
      if (!w) return err('CUSTOMER_NOT_FOUND' as const);
      await bankFreeze(deps, { staffId: staff.id, customerId, walletId: w.id, reason });
      return ok({ status: 'frozen' as const, frozenBy: 'bank' as const });
    },
  };
}

/**
 * The bank freeze itself, shared by the direct endpoint and an approved `freeze` request: sets the
 * wallet frozen by the bank, and — only if that changed anything — audits `wallet.frozen` and
 * notifies the customer, in one transaction. Freezing an already bank-frozen wallet is a no-op.
 */
export async function bankFreeze(
  deps: { pool: pg.Pool; wallets: WalletsService },
  f: { staffId: string; customerId: string; walletId: string; reason: string; requestId?: string },
): Promise<boolean> {
  return inTransaction(deps.pool, async (tx) => {
    const changed = await deps.wallets.setStatus(tx, f.walletId, 'frozen', 'bank');
    if (changed) {
      await audit(tx, {
        actor: `staff:${f.staffId}`,
        event: 'wallet.frozen',
        subject: `wallet:${f.walletId}`,
        data: { by: 'bank', reason: f.reason, ...(f.requestId ? { requestId: f.requestId } : {}) },
      });
      await writeOutbox(tx, [
        {
          topic: 'staff.wallet_frozen',
          customerId: f.customerId,
          payload: {
            notification: {
              customerId: f.customerId,
              kind: 'wallet_frozen',
              title: '钱包已被银行冻结 Wallet frozen by the bank',
              body: '转出已暂停，请联系客服 Outgoing payments are blocked; please contact customer service',
            },
          },
        },
      ]);
    }
    return changed;
  });
}

export type StaffCustomers = ReturnType<typeof createStaffCustomers>;
