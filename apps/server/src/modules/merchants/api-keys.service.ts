import { uuidv7 } from '@yinbao/ledger';
import type pg from 'pg';
import { audit } from '../../platform/audit.ts';
import { err, ok, type Result } from '../../platform/errors.ts';
import type { MerchantPrincipal } from '../../platform/http/auth.ts';
import { safeEqual } from '../../platform/secrets.ts';
import { inTransaction } from '../../platform/sql.ts';
import { type ApiKeyScope, displayPrefix, newApiKey, parseApiKey } from './api-key.ts';
import { mccInfo } from './mcc.ts';
import type { MerchantError } from './merchants.errors.ts';
import * as repo from './merchants.repository.ts';
import type { TApiKey, TCreateApiKey } from './merchants.schema.ts';
import type { MerchantsService } from './merchants.service.ts';

export type { MerchantPrincipal };

/**
 * Merchant API keys: created by an owner and shown once, listed by prefix, revoked, rotated (a new
 * key; the old one revoked at once or kept until `expiresAt` for an overlap), and checked on each
 * merchant call. A cashier can do none of this (MERCHANT_ROLE_FORBIDDEN).
 */
export function createApiKeysService(deps: {
  pool: pg.Pool;
  merchants: MerchantsService;
  clock?: () => Date;
}) {
  const { pool } = deps;
  const clock = deps.clock ?? (() => new Date());

  const statusOf = (k: repo.ApiKeyRow, now: Date): TApiKey['status'] => {
    if (k.revokedAt) return 'revoked';
    if (k.expiresAt && k.expiresAt <= now) return 'expired';
    return k.expiresAt ? 'expiring' : 'active';
  };
  const view = (k: repo.ApiKeyRow): TApiKey => ({
    id: k.id,
    prefix: displayPrefix(k.prefix),
    name: k.name,
    scopes: k.scopes,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    expiresAt: k.expiresAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    status: statusOf(k, clock()),
  });

  async function insertKey(
    tx: pg.PoolClient,
    merchantId: string,
    customerId: string,
    input: { name: string; scopes: readonly ApiKeyScope[] },
  ) {
    const { key, prefix, hash } = newApiKey();
    const row = await repo.insertApiKey(tx, {
      id: uuidv7(),
      merchantId,
      prefix,
      secretHash: hash,
      name: input.name,
      scopes: [...new Set(input.scopes)],
      createdBy: customerId,
    });
    return { row, key };
  }

  /** The caller's (owner's) key of this merchant, or the failure to answer. */
  async function ownedKey(customerId: string, merchantId: string, keyId: string, tx?: pg.PoolClient) {
    const owner = await deps.merchants.asOwner(customerId, merchantId, tx);
    if (!owner.ok) return owner;
    const k = await repo.apiKeyById(tx ?? pool, keyId, !!tx);
    return k && k.merchantId === merchantId ? ok(k) : err('API_KEY_NOT_FOUND' as const);
  }

  return {
    async create(
      customerId: string,
      merchantId: string,
      input: TCreateApiKey,
    ): Promise<Result<{ apiKey: TApiKey; key: string }, MerchantError>> {
      const owner = await deps.merchants.asOwner(customerId, merchantId);
      if (!owner.ok) return owner;
      if (owner.value.status === 'rejected' || owner.value.status === 'suspended')
        return err('MERCHANT_CLOSED');
      return inTransaction(pool, async (tx) => {
        const { row, key } = await insertKey(tx, merchantId, customerId, input);
        await audit(tx, {
          actor: `customer:${customerId}`,
          event: 'merchant.api_key_created',
          subject: merchantId,
          data: { keyId: row.id, prefix: displayPrefix(row.prefix), scopes: row.scopes },
        });
        return ok({ apiKey: view(row), key });
      });
    },

    async list(customerId: string, merchantId: string): Promise<Result<TApiKey[], MerchantError>> {
      const owner = await deps.merchants.asOwner(customerId, merchantId);
      if (!owner.ok) return owner;
      return ok((await repo.apiKeysOf(pool, merchantId)).map(view));
    },

    async revoke(
      customerId: string,
      merchantId: string,
      keyId: string,
    ): Promise<Result<TApiKey, MerchantError>> {
      return inTransaction(pool, async (tx) => {
        const k = await ownedKey(customerId, merchantId, keyId, tx);
        if (!k.ok) return k;
        if (!k.value.revokedAt) {
          await repo.revokeApiKey(tx, keyId);
          await audit(tx, {
            actor: `customer:${customerId}`,
            event: 'merchant.api_key_revoked',
            subject: merchantId,
            data: { keyId, prefix: displayPrefix(k.value.prefix) },
          });
        }
        return ok(view((await repo.apiKeyById(tx, keyId))!));
      });
    },

    /**
     * A new key with the same name and scopes; the old one is revoked at once (overlap 0) or keeps
     * working until now + overlap (`expiresAt`), so deployments can switch without downtime. A key
     * is rotated once (the old row is locked: two concurrent rotations give one new key).
     */
    async rotate(
      customerId: string,
      merchantId: string,
      keyId: string,
      overlapSeconds: number,
    ): Promise<Result<{ apiKey: TApiKey; key: string; previous: TApiKey }, MerchantError>> {
      return inTransaction(pool, async (tx) => {
        const old = await ownedKey(customerId, merchantId, keyId, tx);
        if (!old.ok) return old;
        if (statusOf(old.value, clock()) === 'revoked' || statusOf(old.value, clock()) === 'expired')
          return err('API_KEY_REVOKED');
        if (old.value.replacedBy) return err('API_KEY_ALREADY_ROTATED');
        const { row, key } = await insertKey(tx, merchantId, customerId, old.value);
        const until = overlapSeconds > 0 ? new Date(clock().getTime() + overlapSeconds * 1000) : null;
        await repo.retireApiKey(tx, keyId, row.id, until);
        await audit(tx, {
          actor: `customer:${customerId}`,
          event: 'merchant.api_key_rotated',
          subject: merchantId,
          data: { from: keyId, to: row.id, overlapSeconds },
        });
        return ok({ apiKey: view(row), key, previous: view((await repo.apiKeyById(tx, keyId))!) });
      });
    },

    /**
     * `Authorization: Bearer ybk_live_…`: the key by its prefix, its SHA-256 compared in constant
     * time; revoked or expired keys are no key (null → 401). The merchant's status is returned for
     * the auth hook, which refuses merchants that are not active.
     */
    async authenticate(token: string): Promise<MerchantPrincipal | null> {
      const parsed = parseApiKey(token);
      if (!parsed) return null;
      const found = await repo.apiKeyByPrefix(pool, parsed.prefix);
      if (!found || !safeEqual(found.key.secretHash, parsed.hash)) return null;
      const k = found.key;
      if (statusOf(k, clock()) === 'revoked' || statusOf(k, clock()) === 'expired') return null;
      await repo.touchApiKey(pool, k.id);
      return {
        merchantId: k.merchantId,
        keyId: k.id,
        prefix: k.prefix,
        scopes: k.scopes,
        merchantStatus: found.merchantStatus,
      };
    },

    /** GET /v1/merchant/me: the key's merchant and what the key may do. */
    async self(p: MerchantPrincipal) {
      const m = (await repo.merchantById(pool, p.merchantId))!;
      const k = (await repo.apiKeyById(pool, p.keyId))!;
      return {
        merchant: { id: m.id, businessName: m.businessName, category: mccInfo(m.mcc), status: m.status },
        key: { prefix: displayPrefix(k.prefix), name: k.name, scopes: k.scopes },
      };
    },
  };
}

export type ApiKeysService = ReturnType<typeof createApiKeysService>;
