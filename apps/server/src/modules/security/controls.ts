import type pg from 'pg';
import { audit } from '../../platform/audit.ts';
import { err, ok, type Result } from '../../platform/errors.ts';
import { writeOutbox } from '../../platform/outbox.ts';
import { inTransaction } from '../../platform/sql.ts';
import type { IdentityService } from '../identity/index.ts';
import type { WalletsService } from '../wallets/index.ts';
import type { StepUpError } from './security.errors.ts';
import type { Proof, SecurityService } from './security.service.ts';

export type ControlsError =
  | 'SESSION_NOT_FOUND'
  | 'WALLET_NOT_FOUND'
  | 'WALLET_NOT_FROZEN'
  | 'WALLET_FROZEN_BY_BANK'
  | StepUpError;
type Principal = { id: string; sessionId: string };

const note = (customerId: string, kind: string, title: string, body: string) => ({
  topic: `security.${kind}`,
  customerId,
  payload: { notification: { customerId, kind, title, body } },
});

const unfreezeBinding = (walletId: string) => ({
  purpose: 'unfreeze' as const,
  amount: 0n,
  currency: 'CNY',
  payee: walletId,
});

/** S8 customer controls: see and revoke sessions, freeze the wallet at once, lift it only with step-up. */
export function createCustomerControls(deps: {
  pool: pg.Pool;
  identity: IdentityService;
  wallets: WalletsService;
  security: SecurityService;
}) {
  return {
    async sessions(p: Principal) {
      return (await deps.identity.sessions(p.id)).map((s) => ({
        id: s.id,
        current: s.id === p.sessionId,
        createdAt: s.createdAt.toISOString(),
        lastSeenAt: s.lastSeenAt.toISOString(),
        device: s.userAgent ?? null,
        // Enough to recognise a network, not to locate a person.
        ip: s.ip ? s.ip.replace(/(\d+)\.(\d+)$/, '*.*').replace(/:[0-9a-f]*:[0-9a-f]*$/i, ':*:*') : null,
      }));
    },

    async revokeSession(p: Principal, sessionId: string): Promise<Result<true, ControlsError>> {
      return inTransaction(deps.pool, async (tx) => {
        if (!(await deps.identity.revokeOwnSession(tx, p.id, sessionId))) return err('SESSION_NOT_FOUND');
        await audit(tx, {
          actor: `customer:${p.id}`,
          event: 'auth.session_revoked',
          subject: `session:${sessionId}`,
        });
        return ok(true as const);
      });
    },

    /** Blocks all outgoing money at once; a lost phone also signs out every other session. */
    async freeze(p: Principal, reason: 'lost_phone' | 'suspicious' | 'other') {
      const wallet = await deps.wallets.walletOfCustomer(p.id);
      if (!wallet) return err('WALLET_NOT_FOUND' as const);
      return inTransaction(deps.pool, async (tx) => {
        const changed = await deps.wallets.setStatus(tx, wallet.id, 'frozen');
        const revoked =
          reason === 'lost_phone' ? await deps.identity.revokeOtherSessions(tx, p.id, p.sessionId) : 0;
        if (changed || revoked > 0) {
          await audit(tx, {
            actor: `customer:${p.id}`,
            event: 'wallet.frozen',
            subject: `wallet:${wallet.id}`,
            data: { reason, revokedSessions: revoked },
          });
          await writeOutbox(tx, [
            note(
              p.id,
              'wallet_frozen',
              '钱包已冻结 Wallet frozen',
              '转出已全部暂停 All outgoing payments are blocked',
            ),
          ]);
        }
        return ok({ status: 'frozen' as const, revokedSessions: revoked });
      });
    },

    /** Lifting a freeze needs a confirmation (PIN, else password) bound to this wallet: first a challenge… */
    async unfreezeChallenge(p: Principal) {
      const wallet = await deps.wallets.walletOfCustomer(p.id);
      if (!wallet) return err('WALLET_NOT_FOUND' as const);
      if (wallet.status !== 'frozen') return err('WALLET_NOT_FROZEN' as const);
      if (wallet.frozenBy === 'bank') return err('WALLET_FROZEN_BY_BANK' as const);
      return ok(await deps.security.challenge(p.id, unfreezeBinding(wallet.id), wallet.id));
    },

    /** …then the confirmation. Lifting an already active wallet changes nothing. */
    async unfreeze(p: Principal, stepUp: Proof): Promise<Result<{ status: 'active' }, ControlsError>> {
      const wallet = await deps.wallets.walletOfCustomer(p.id);
      if (!wallet) return err('WALLET_NOT_FOUND');
      if (wallet.status === 'active') return ok({ status: 'active' });
      if (wallet.frozenBy === 'bank') return err('WALLET_FROZEN_BY_BANK');
      const confirmed = await deps.security.confirm(p.id, unfreezeBinding(wallet.id), stepUp);
      if (!confirmed.ok) return confirmed;
      await inTransaction(deps.pool, async (tx) => {
        if (await deps.wallets.setStatus(tx, wallet.id, 'active')) {
          await audit(tx, {
            actor: `customer:${p.id}`,
            event: 'wallet.unfrozen',
            subject: `wallet:${wallet.id}`,
          });
          await writeOutbox(tx, [
            note(
              p.id,
              'wallet_unfrozen',
              '钱包已解冻 Wallet unfrozen',
              '转出已恢复 Outgoing payments work again',
            ),
          ]);
        }
      });
      return ok({ status: 'active' });
    },
  };
}

export type CustomerControls = ReturnType<typeof createCustomerControls>;
