import { AccountFlags, createAccounts, uuidv7 } from '@yinbao/ledger';
import type pg from 'pg';
import { audit } from '../../platform/audit.ts';
import { err, ok, type Result } from '../../platform/errors.ts';
import { writeOutbox } from '../../platform/outbox.ts';
import { inTransaction } from '../../platform/sql.ts';
import { AccountCode } from '../../platform/system-accounts.ts';
import type { MerchantReviewError } from './merchants.errors.ts';
import * as repo from './merchants.repository.ts';
import type { MerchantStatus, TMerchant } from './merchants.schema.ts';
import type { MerchantsService } from './merchants.service.ts';

/** The currencies a merchant is opened with (one ledger account each); CNY for now. */
export const MERCHANT_CURRENCIES = [{ code: 'CNY', ledger: 156 }] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type StaffMerchant = TMerchant & {
  ownerId: string;
  accounts: Array<{ currency: string; accountId: string }>;
};

/**
 * Staff review of merchant applications (`merchant.review`). A decision locks the merchant row, so
 * concurrent decisions are serialised and exactly one wins; approval opens the merchant's ledger
 * account per currency (code 2, debits must not exceed credits) in the same transaction as the
 * status change and its audit record — an approved merchant always has exactly one account per
 * currency (also the primary key of merchant_accounts), a rejected one none.
 */
export function createMerchantReviewService(deps: { pool: pg.Pool; merchants: MerchantsService }) {
  const { pool } = deps;
  const staffView = async (
    m: repo.MerchantRow,
    db: pg.Pool | pg.PoolClient = pool,
  ): Promise<StaffMerchant> => ({
    ...deps.merchants.view(m),
    ownerId: m.ownerId,
    accounts: await repo.merchantAccounts(db, m.id),
  });

  async function decide(
    merchantId: string,
    staffId: string,
    to: 'active' | 'rejected',
    reason: string | null,
  ): Promise<Result<StaffMerchant, MerchantReviewError>> {
    if (!UUID.test(merchantId)) return err('MERCHANT_NOT_FOUND');
    return inTransaction(pool, async (tx) => {
      const m = await repo.merchantById(tx, merchantId, true);
      if (!m) return err('MERCHANT_NOT_FOUND');
      if (m.status !== 'pending_review')
        return err('MERCHANT_ALREADY_REVIEWED', undefined, { status: m.status });
      if (to === 'active') {
        for (const c of MERCHANT_CURRENCIES) {
          const accountId = uuidv7();
          const [r] = await createAccounts(tx, [
            {
              id: accountId,
              ledger: c.ledger,
              code: AccountCode.merchant,
              ownerId: m.id,
              flags: AccountFlags.debitsMustNotExceedCredits,
            },
          ]);
          if (!r?.ok) throw new Error(`could not open the merchant's ${c.code} account`);
          await repo.insertMerchantAccount(tx, { merchantId: m.id, currency: c.code, accountId });
        }
      }
      const decided = await repo.decideMerchant(tx, m.id, to, staffId, reason);
      await audit(tx, {
        actor: `staff:${staffId}`,
        event: to === 'active' ? 'merchant.approved' : 'merchant.rejected',
        subject: m.id,
        data: reason ? { reason } : {},
      });
      const approved = to === 'active';
      await writeOutbox(tx, [
        {
          topic: approved ? 'merchant.approved' : 'merchant.rejected',
          customerId: m.ownerId,
          payload: {
            merchantId: m.id,
            notification: {
              customerId: m.ownerId,
              kind: approved ? 'merchant_approved' : 'merchant_rejected',
              title: approved
                ? `${m.businessName} 已开通 is live`
                : `${m.businessName} 未通过审核 was not approved`,
              body: approved
                ? 'Your merchant application was approved: you can take payments now.'
                : `Your merchant application was not approved: ${reason}`,
              data: { merchantId: m.id },
            },
          },
        },
      ]);
      return ok(await staffView(decided, tx));
    });
  }

  return {
    async list(q: { status: MerchantStatus; limit: number; cursor?: string }) {
      const rows = await repo.merchantsByStatus(pool, q.status, q.limit + 1, q.cursor);
      const page = await Promise.all(rows.slice(0, q.limit).map((m) => staffView(m)));
      return { items: page, nextCursor: rows.length > q.limit ? page[page.length - 1]!.id : null };
    },
    async get(merchantId: string): Promise<Result<StaffMerchant, MerchantReviewError>> {
      const m = UUID.test(merchantId) ? await repo.merchantById(pool, merchantId) : null;
      return m ? ok(await staffView(m)) : err('MERCHANT_NOT_FOUND');
    },
    approve: (merchantId: string, staffId: string) => decide(merchantId, staffId, 'active', null),
    reject: (merchantId: string, staffId: string, reason: string) =>
      decide(merchantId, staffId, 'rejected', reason),
  };
}

export const MERCHANT_TOPICS = ['merchant.approved', 'merchant.rejected'] as const;
export type MerchantReviewService = ReturnType<typeof createMerchantReviewService>;
