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

    /** Freezes at once (protective): the customer cannot lift it; lifting needs maker–checker. */
    async freeze(staff: StaffPrincipal, customerId: string, reason: string) {
      const w = await deps.wallets.walletOfCustomer(customerId);
      if (!w) return err('CUSTOMER_NOT_FOUND' as const);
      return inTransaction(deps.pool, async (tx) => {
        const changed = await deps.wallets.setStatus(tx, w.id, 'frozen', 'bank');
        if (changed) {
          await audit(tx, {
            actor: `staff:${staff.id}`,
            event: 'wallet.frozen',
            subject: `wallet:${w.id}`,
            data: { by: 'bank', reason },
          });
          await writeOutbox(tx, [
            {
              topic: 'staff.wallet_frozen',
              customerId,
              payload: {
                notification: {
                  customerId,
                  kind: 'wallet_frozen',
                  title: '钱包已被银行冻结 Wallet frozen by the bank',
                  body: '转出已暂停，请联系客服 Outgoing payments are blocked; please contact customer service',
                },
              },
            },
          ]);
        }
        return ok({ status: 'frozen' as const, frozenBy: 'bank' as const });
      });
    },
  };
}

export type StaffCustomers = ReturnType<typeof createStaffCustomers>;
