import type { Account, Transfer } from './types.ts';

export type Resolution = 'posted' | 'voided' | 'expired';

/** What validation reads and changes of an account (balances and what they must satisfy). */
export type AccountState = Pick<
  Account,
  | 'id'
  | 'ledger'
  | 'flags'
  | 'debitsPending'
  | 'debitsPosted'
  | 'creditsPending'
  | 'creditsPosted'
  | 'maxCreditBalance'
>;

/** What a batch needs from the database, loaded (and locked) before validation. */
export type BatchState = {
  accounts: Map<string, AccountState>;
  /** Transfers already stored whose id appears in the batch (only those looked up, see loadBatchState). */
  existing: Map<string, Transfer>;
  /** Pending transfers referenced by the batch, with how (if at all) they were resolved. */
  pendings: Map<string, { transfer: Transfer; resolution: Resolution | null }>;
  /** Current usage of the limit keys the batch touches (absent = 0). */
  limits: Map<string, bigint>;
  /** Limit usage held by the referenced pending transfers (given back on void/expiry). */
  pendingLimits: Map<string, { key: string; amount: bigint }[]>;
};

type Undo = () => void;

/**
 * Mutations of the in-memory state with an undo log, so a failed linked chain leaves no trace.
 * Off (`enabled` false) outside linked chains: a lone transfer changes state only once accepted,
 * and nothing rolls it back — no undo entries to allocate.
 */
export class Journal {
  enabled = true;
  private log: Undo[] = [];
  mark(): number {
    return this.log.length;
  }
  record(undo: Undo): void {
    if (this.enabled) this.log.push(undo);
  }
  rollbackTo(mark: number): void {
    while (this.log.length > mark) this.log.pop()!();
  }
}
