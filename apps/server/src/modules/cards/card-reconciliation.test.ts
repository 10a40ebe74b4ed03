import { describe, expect, it } from 'vitest';
import type { NetworkAuthorization } from './card-network.client.ts';
import { compareCardRecords, type WalletCardOperation } from './card-reconciliation.ts';

const op = (id: string, ledger: WalletCardOperation['ledger'], kind: 'topup' | 'withdrawal' = 'topup') => ({
  id,
  kind,
  amount: 500n,
  currency: 'CNY',
  ledger,
  postedAmount: ledger === 'posted' ? 500n : null,
});
const auth = (
  id: string,
  status: NetworkAuthorization['status'],
  type: 'pull' | 'push' = 'pull',
  amount = 500n,
): NetworkAuthorization => ({ id, type, status, amount, currency: 'CNY' });

describe('card reconciliation: wallet operations vs the network report', () => {
  it('matches each pairing of ledger state and network status, and names every break', () => {
    const r = compareCardRecords(
      [
        op('ok-posted', 'posted'),
        op('ok-declined', 'released'),
        op('ok-reversed', 'released', 'withdrawal'),
        op('never-sent', 'released'),
        op('not-asked-yet', 'pending'),
        op('callback-on-its-way', 'pending'),
        op('network-deciding', 'released'),
        op('lost-approval', 'released'),
        op('booked-declined', 'posted'),
        op('booked-unknown', 'posted'),
        op('wrong-amount', 'posted'),
        op('wrong-type', 'posted'),
      ],
      [
        auth('ok-posted', 'approved'),
        auth('ok-declined', 'declined'),
        auth('ok-reversed', 'reversed', 'push'),
        auth('callback-on-its-way', 'approved'),
        auth('network-deciding', 'pending'),
        auth('lost-approval', 'approved'),
        auth('booked-declined', 'declined'),
        auth('wrong-amount', 'approved', 'pull', 499n),
        auth('wrong-type', 'approved', 'push'),
        auth('stray', 'approved'),
      ],
    );
    expect(r.matched).toBe(3);
    expect(r.neverSent).toBe(1);
    expect(r.inFlight.map((f) => f.operationId).sort()).toEqual(
      ['callback-on-its-way', 'network-deciding', 'not-asked-yet'].sort(),
    );
    expect(r.breaks.map((b) => `${b.operationId} ${b.reason}`).sort()).toEqual(
      [
        'booked-declined booked_but_not_approved_at_network',
        'booked-unknown booked_but_unknown_to_network',
        'lost-approval approved_at_network_not_booked',
        'stray unknown_to_wallet',
        'wrong-amount amount_or_type_differs',
        'wrong-type amount_or_type_differs',
      ].sort(),
    );
    // Approved and not reversed: pulls in, pushes out.
    expect(r.networkNet).toBe(500n * 4n + 499n - 500n);
  });

  it('a post that moved a different amount from the hold is a break', () => {
    const r = compareCardRecords(
      [{ ...op('partial', 'posted'), postedAmount: 400n }],
      [auth('partial', 'approved')],
    );
    expect(r.breaks.map((b) => b.reason)).toEqual(['amount_or_type_differs']);
  });
});
