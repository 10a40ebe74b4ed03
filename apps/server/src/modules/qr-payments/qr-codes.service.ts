import { uuidv7 } from '@yinbao/ledger';
import { parseAmount, toDecimalString } from '@yinbao/money';
import type pg from 'pg';
import { audit } from '../../platform/audit.ts';
import { err, ok, type Result } from '../../platform/errors.ts';
import { inTransaction } from '../../platform/sql.ts';
import type { MerchantsService } from '../merchants/index.ts';
import type { QrCodeError } from './qr.errors.ts';
import * as repo from './qr.repository.ts';
import type { TCreateQrCode, TQrCode } from './qr.schema.ts';
import { buildQrPayload } from './qr-payload.ts';

export type QrCodesDeps = { pool: pg.Pool; merchants: MerchantsService; clock?: () => Date };

/** An active dynamic code past its expiry reads as expired (no job rewrites it). */
export const effectiveStatus = (c: repo.QrCodeRow, now: Date): repo.QrCodeRow['status'] =>
  c.status === 'active' && c.expiresAt !== null && c.expiresAt <= now ? 'expired' : c.status;

/**
 * A merchant's QR codes (issue 5, part 3). Owners create and disable them; owners and cashiers list
 * them (a cashier shows them at the till). A merchant the caller does not work for answers like a
 * missing one (MERCHANT_NOT_FOUND), and so does a code of another merchant (QR_CODE_NOT_FOUND).
 */
export function createQrCodesService(deps: QrCodesDeps) {
  const { pool, merchants } = deps;
  const clock = deps.clock ?? (() => new Date());

  function view(c: repo.QrCodeRow, m: { id: string; businessName: string; mcc: string }): TQrCode {
    const amount = c.amount === null ? undefined : toDecimalString(c.amount, 'CNY');
    return {
      id: c.id,
      merchantId: c.merchantId,
      kind: c.kind,
      status: effectiveStatus(c, clock()),
      amount: amount === undefined ? null : { amount, currency: 'CNY' },
      reference: c.reference,
      expiresAt: c.expiresAt?.toISOString() ?? null,
      paidTransferId: c.paidTransferId,
      payload: buildQrPayload({
        codeId: c.id,
        merchantId: m.id,
        businessName: m.businessName,
        mcc: m.mcc,
        dynamic: c.kind === 'dynamic',
        ...(amount !== undefined ? { amount } : {}),
        ...(c.reference !== null ? { reference: c.reference } : {}),
      }),
      createdAt: c.createdAt.toISOString(),
    };
  }

  return {
    async create(
      customerId: string,
      merchantId: string,
      input: TCreateQrCode,
    ): Promise<Result<TQrCode, QrCodeError>> {
      const owner = await merchants.asOwner(customerId, merchantId);
      if (!owner.ok) return owner as Result<never, QrCodeError>;
      const m = owner.value;
      if (m.status !== 'active') return err('MERCHANT_NOT_ACTIVE');
      let amount: bigint | null = null;
      let expiresAt: Date | null = null;
      if (input.kind === 'dynamic') {
        const parsed = parseAmount(input.amount, 'CNY');
        // EMVCo 54 holds at most 13 characters: a billion yuan less a fen is far beyond any tier anyway.
        if (!parsed.ok || parsed.value <= 0n || parsed.value >= 100_000_000_000n)
          return err('INVALID_AMOUNT', parsed.ok ? undefined : parsed.message);
        amount = parsed.value;
        expiresAt = new Date(clock().getTime() + input.expiresInSeconds * 1000);
      }
      const code = await inTransaction(pool, async (tx) => {
        const c = await repo.insertCode(tx, {
          id: uuidv7(),
          merchantId,
          kind: input.kind,
          amount,
          reference: input.kind === 'dynamic' ? (input.reference ?? null) : null,
          expiresAt,
          createdBy: customerId,
        });
        await audit(tx, {
          actor: `customer:${customerId}`,
          event: 'merchant.qr_created',
          subject: merchantId,
          data: { qrCodeId: c.id, kind: c.kind },
        });
        return c;
      });
      return ok(view(code, m));
    },

    async list(customerId: string, merchantId: string): Promise<Result<TQrCode[], QrCodeError>> {
      const a = await merchants.access(customerId, merchantId);
      if (!a) return err('MERCHANT_NOT_FOUND');
      return ok((await repo.codesOf(pool, merchantId)).map((c) => view(c, a.merchant)));
    },

    async disable(
      customerId: string,
      merchantId: string,
      qrCodeId: string,
    ): Promise<Result<TQrCode, QrCodeError>> {
      const owner = await merchants.asOwner(customerId, merchantId);
      if (!owner.ok) return owner as Result<never, QrCodeError>;
      return inTransaction(pool, async (tx) => {
        const existing = await repo.codeById(tx, qrCodeId);
        if (!existing || existing.merchantId !== merchantId) return err('QR_CODE_NOT_FOUND');
        const c = await repo.disableCode(tx, merchantId, qrCodeId);
        if (!c) return err('QR_NOT_DISABLEABLE');
        if (existing.status !== 'disabled')
          await audit(tx, {
            actor: `customer:${customerId}`,
            event: 'merchant.qr_disabled',
            subject: merchantId,
            data: { qrCodeId },
          });
        return ok(view(c, owner.value));
      });
    },
  };
}

export type QrCodesService = ReturnType<typeof createQrCodesService>;
