-- Limit usage taken by a pending transfer, so that voiding or expiring it gives the usage back
-- (and posting less than the hold gives back the difference) in the same transaction.
CREATE TABLE ledger_pending_limits (
  pending_id  uuid NOT NULL REFERENCES ledger_transfers(id),
  key         text NOT NULL,
  amount      bigint NOT NULL CHECK (amount > 0),
  PRIMARY KEY (pending_id, key)
);
