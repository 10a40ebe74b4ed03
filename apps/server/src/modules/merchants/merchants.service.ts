import { uuidv7 } from '@yinbao/ledger';
import type pg from 'pg';
import { audit } from '../../platform/audit.ts';
import { AAD } from '../../platform/encrypted-fields.ts';
import { err, ok, type Result } from '../../platform/errors.ts';
import { maskName } from '../../platform/mask.ts';
import type { Vault } from '../../platform/secrets.ts';
import { inTransaction } from '../../platform/sql.ts';
import { maskPhone, normalizeCnMobile } from '../identity/index.ts';
import { isMcc, mccInfo } from './mcc.ts';
import type { MerchantError } from './merchants.errors.ts';
import * as repo from './merchants.repository.ts';
import type { MerchantRole, TCreateMerchant, TMerchant, TMerchantUser } from './merchants.schema.ts';

/** What the merchants module needs to know about customers and their cards. */
export type MerchantPeople = {
  /** A customer by phone (any format a person types), or null. */
  findByPhone(phone: string): Promise<{ id: string } | null>;
  /** Clear phone (E.164) and display name of a customer, for the owner's user list (shown masked). */
  profileOf(customerId: string): Promise<{ phone: string; displayName: string } | null>;
  /** The customer's active linked card, or null (someone else's card is null too). */
  activeCard(customerId: string, cardId: string): Promise<{ last4: string; bankName: string } | null>;
};

export type MerchantsDeps = { pool: pg.Pool; vault: Vault; people: MerchantPeople };

const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

/** z***@example.com */
export const maskEmail = (email: string) => {
  const [local, domain] = email.split('@') as [string, string];
  return `${[...local][0]}***@${domain}`;
};

/** 8–30 digits, as typed with spaces or dashes. */
const normalizeAccountNumber = (input: string) => {
  const digits = input.replace(/[\s-]/g, '');
  return /^\d{8,30}$/.test(digits) ? digits : null;
};

/**
 * Merchants (issue 5, part 1): the application by a signed-in customer (its first owner), the
 * owner's and cashiers' views, and the merchant's users. Every read goes through `access`: a
 * merchant the caller does not work for answers exactly like a missing one (MERCHANT_NOT_FOUND);
 * management (users, keys, settings) is for owners only — a cashier gets MERCHANT_ROLE_FORBIDDEN.
 */
export function createMerchantsService(deps: MerchantsDeps) {
  const { pool, vault } = deps;

  /** The answer shape: contact details decrypted and masked, the account number as its last four. */
  function view(m: repo.MerchantRow, role?: MerchantRole): TMerchant {
    const phone = vault.decrypt(m.contactPhoneCiphertext, AAD.merchantContactPhone(m.id), m.contactKeyId);
    const email = vault.decrypt(m.contactEmailCiphertext, AAD.merchantContactEmail(m.id), m.contactKeyId);
    return {
      id: m.id,
      businessName: m.businessName,
      category: mccInfo(m.mcc),
      status: m.status,
      rejectReason: m.rejectReason,
      settlement: { kind: m.settlementKind, bankName: m.settlementBankName, last4: m.settlementLast4 },
      contact: { phone: maskPhone(phone), email: maskEmail(email) },
      ...(role ? { role } : {}),
      createdAt: m.createdAt.toISOString(),
      reviewedAt: m.reviewedAt?.toISOString() ?? null,
    };
  }

  /** The merchant and the caller's role there, or null when the caller does not work for it. */
  async function access(customerId: string, merchantId: string, db: pg.Pool | pg.PoolClient = pool) {
    const member = await repo.membership(db, merchantId, customerId);
    if (!member) return null;
    const merchant = await repo.merchantById(db, merchantId);
    return merchant ? { merchant, role: member.role } : null;
  }

  /** For management: the merchant if the caller is one of its owners. */
  async function asOwner(
    customerId: string,
    merchantId: string,
    db: pg.Pool | pg.PoolClient = pool,
  ): Promise<Result<repo.MerchantRow, MerchantError>> {
    const a = await access(customerId, merchantId, db);
    if (!a) return err('MERCHANT_NOT_FOUND');
    if (a.role !== 'owner') return err('MERCHANT_ROLE_FORBIDDEN');
    return ok(a.merchant);
  }

  async function userView(u: repo.MerchantUserRow): Promise<TMerchantUser> {
    const p = await deps.people.profileOf(u.customerId);
    return {
      id: u.id,
      maskedPhone: p ? maskPhone(p.phone) : '****',
      displayName: p ? maskName(p.displayName) : '*',
      role: u.role,
      addedAt: u.createdAt.toISOString(),
    };
  }

  return {
    view,
    access,
    asOwner,

    /** An application: checked in full before anything is written; the applicant becomes its owner. */
    async apply(customerId: string, input: TCreateMerchant): Promise<Result<TMerchant, MerchantError>> {
      if (!isMcc(input.mcc)) return err('INVALID_MCC', undefined, { mcc: input.mcc });
      const phone = normalizeCnMobile(input.contact.phone);
      if (!phone) return err('INVALID_CONTACT_PHONE');
      const email = input.contact.email.trim();
      if (email.length > 254 || !EMAIL.test(email)) return err('INVALID_CONTACT_EMAIL');
      const id = uuidv7();
      let settlement: Pick<
        repo.NewMerchant,
        | 'settlementKind'
        | 'settlementCardId'
        | 'settlementBankName'
        | 'settlementLast4'
        | 'settlementAccountCiphertext'
        | 'settlementAccountKeyId'
      >;
      if (input.settlement.kind === 'card') {
        const card = await deps.people.activeCard(customerId, input.settlement.cardId);
        if (!card) return err('CARD_NOT_FOUND');
        settlement = {
          settlementKind: 'card',
          settlementCardId: input.settlement.cardId,
          settlementBankName: card.bankName,
          settlementLast4: card.last4,
          settlementAccountCiphertext: null,
          settlementAccountKeyId: null,
        };
      } else {
        const account = normalizeAccountNumber(input.settlement.accountNumber);
        if (!account) return err('INVALID_ACCOUNT_NUMBER');
        settlement = {
          settlementKind: 'bank_account',
          settlementCardId: null,
          settlementBankName: input.settlement.bankName,
          settlementLast4: account.slice(-4),
          // Bound to the merchant's id and field: a ciphertext copied elsewhere does not decrypt.
          settlementAccountCiphertext: vault.encrypt(account, AAD.merchantSettlementAccount(id)),
          settlementAccountKeyId: vault.keyId,
        };
      }
      const merchant = await inTransaction(pool, async (tx) => {
        const m = await repo.insertMerchant(tx, {
          id,
          ownerId: customerId,
          businessName: input.businessName,
          mcc: input.mcc as repo.MerchantRow['mcc'],
          ...settlement,
          contactPhoneCiphertext: vault.encrypt(phone, AAD.merchantContactPhone(id)),
          contactEmailCiphertext: vault.encrypt(email, AAD.merchantContactEmail(id)),
          contactKeyId: vault.keyId,
        });
        await repo.insertUser(tx, {
          id: uuidv7(),
          merchantId: id,
          customerId,
          role: 'owner',
          addedBy: null,
        });
        await audit(tx, {
          actor: `customer:${customerId}`,
          event: 'merchant.applied',
          subject: id,
          data: { mcc: input.mcc, settlement: settlement.settlementKind },
        });
        return m;
      });
      return ok(view(merchant, 'owner'));
    },

    async get(customerId: string, merchantId: string): Promise<Result<TMerchant, MerchantError>> {
      const a = await access(customerId, merchantId);
      return a ? ok(view(a.merchant, a.role)) : err('MERCHANT_NOT_FOUND');
    },

    async listMine(customerId: string): Promise<TMerchant[]> {
      return (await repo.merchantsOfCustomer(pool, customerId)).map((r) => view(r.merchant, r.role));
    },

    /** The merchant's clear settlement account number (for settlement files only; never answered). */
    settlementAccountOf(m: repo.MerchantRow): string | null {
      if (!m.settlementAccountCiphertext || !m.settlementAccountKeyId) return null;
      return vault.decrypt(
        m.settlementAccountCiphertext,
        AAD.merchantSettlementAccount(m.id),
        m.settlementAccountKeyId,
      );
    },

    async listUsers(customerId: string, merchantId: string): Promise<Result<TMerchantUser[], MerchantError>> {
      const owner = await asOwner(customerId, merchantId);
      if (!owner.ok) return owner;
      const users = await repo.liveUsers(pool, merchantId);
      return ok(await Promise.all(users.map(userView)));
    },

    async addUser(
      customerId: string,
      merchantId: string,
      input: { phone: string; role: MerchantRole },
    ): Promise<Result<TMerchantUser, MerchantError>> {
      const owner = await asOwner(customerId, merchantId);
      if (!owner.ok) return owner;
      if (owner.value.status === 'rejected' || owner.value.status === 'suspended')
        return err('MERCHANT_CLOSED');
      const person = await deps.people.findByPhone(input.phone);
      if (!person) return err('PHONE_NOT_REGISTERED');
      const added = await inTransaction(pool, async (tx) => {
        const u = await repo.insertUser(tx, {
          id: uuidv7(),
          merchantId,
          customerId: person.id,
          role: input.role,
          addedBy: customerId,
        });
        if (!u) return null;
        await audit(tx, {
          actor: `customer:${customerId}`,
          event: 'merchant.user_added',
          subject: merchantId,
          data: { userId: u.id, role: u.role },
        });
        return u;
      });
      return added ? ok(await userView(added)) : err('ALREADY_MERCHANT_USER');
    },

    /** Removes a user; the last owner stays (checked under a lock on the merchant's users). */
    async removeUser(
      customerId: string,
      merchantId: string,
      userId: string,
    ): Promise<Result<TMerchantUser, MerchantError>> {
      const owner = await asOwner(customerId, merchantId);
      if (!owner.ok) return owner;
      return inTransaction(pool, async (tx) => {
        const users = await repo.liveUsers(tx, merchantId, true);
        const u = users.find((x) => x.id === userId);
        if (!u) return err('USER_NOT_FOUND');
        if (u.role === 'owner' && users.filter((x) => x.role === 'owner').length === 1)
          return err('LAST_OWNER');
        await repo.removeUser(tx, u.id);
        await audit(tx, {
          actor: `customer:${customerId}`,
          event: 'merchant.user_removed',
          subject: merchantId,
          data: { userId: u.id, role: u.role },
        });
        return ok(await userView(u));
      });
    },
  };
}

export type MerchantsService = ReturnType<typeof createMerchantsService>;
