import { uuidv7 } from '@yinbao/ledger';
import { toDecimalString } from '@yinbao/money';
import type pg from 'pg';
import { err, ok, type Result } from '../../platform/errors.ts';
import type { Principal } from '../../platform/http/auth.ts';
import { inTransaction } from '../../platform/sql.ts';
import type { WalletsService } from '../wallets/index.ts';
import { newPayCode, PAY_CODE_TTL_SECONDS, payCodeHash } from './pay-code.ts';
import type { PayCodeError } from './pay-codes.errors.ts';
import { insertPayCode, payCodeByHash } from './pay-codes.repository.ts';
import type { TPayCode } from './pay-codes.schema.ts';

export type PayCodesDeps = {
  pool: pg.Pool;
  wallets: WalletsService;
  /** HMAC key of stored codes (the keyring's `pay-code` key). */
  hashKey: Buffer;
  perCodeLimit: bigint;
  clock?: () => Date;
};

/**
 * Customer-presented payment codes (P2, 付款码): the wallet shows a one-time 18-digit code bound to
 * the customer, wallet, device and session; a merchant's POS submits it (flows/pos-payment.ts).
 */
export function createPayCodesService(deps: PayCodesDeps) {
  const clock = deps.clock ?? (() => new Date());
  return {
    async issue(p: Principal): Promise<Result<TPayCode, PayCodeError>> {
      if (!p.deviceId) return err('DEVICE_REQUIRED');
      const wallet = await deps.wallets.walletOfCustomer(p.id);
      if (!wallet) return err('WALLET_NOT_FOUND');
      if (wallet.status !== 'active') return err('WALLET_FROZEN');
      const code = newPayCode();
      // Both times from the service's clock (the row CHECKs expires_at > created_at).
      const createdAt = clock();
      const expiresAt = new Date(createdAt.getTime() + PAY_CODE_TTL_SECONDS * 1000);
      await inTransaction(deps.pool, (tx) =>
        insertPayCode(tx, {
          id: uuidv7(),
          hash: payCodeHash(deps.hashKey, code),
          customerId: p.id,
          walletId: wallet.id,
          deviceId: p.deviceId!,
          sessionId: p.sessionId,
          createdAt,
          expiresAt,
        }),
      );
      return ok({
        code,
        expiresAt: expiresAt.toISOString(),
        perCodeLimit: { amount: toDecimalString(deps.perCodeLimit, 'CNY'), currency: 'CNY' },
        barcodeText: code,
      });
    },

    /** The stored code a POS submitted, or null (never issued, or not in the right form). */
    async lookup(code: string) {
      return payCodeByHash(deps.pool, payCodeHash(deps.hashKey, code));
    },
  };
}

export type PayCodesService = ReturnType<typeof createPayCodesService>;
