-- Yinbao ledger core: accounts and immutable transfers, modelled on TigerBeetle.
-- Balances change ONLY through inserted transfers (statement trigger below), so every
-- transfer adds the same amount to one debit and one credit column of the same ledger:
-- per ledger, sum(debits) = sum(credits) by construction, and the CHECK constraints on
-- accounts keep flagged accounts from going negative even under concurrency.

CREATE TABLE ledger_ledgers (
  ledger      integer PRIMARY KEY,            -- ISO 4217 numeric code, e.g. 156 for CNY
  currency    char(3) NOT NULL UNIQUE,
  exponent    smallint NOT NULL CHECK (exponent BETWEEN 0 AND 4)
);

INSERT INTO ledger_ledgers (ledger, currency, exponent) VALUES
  (156, 'CNY', 2), (840, 'USD', 2), (344, 'HKD', 2), (978, 'EUR', 2),
  (826, 'GBP', 2), (392, 'JPY', 0), (702, 'SGD', 2);

-- flags: 1 debits_must_not_exceed_credits, 2 credits_must_not_exceed_debits, 4 closed
CREATE TABLE ledger_accounts (
  id                  uuid PRIMARY KEY,
  ledger              integer NOT NULL REFERENCES ledger_ledgers(ledger),
  code                integer NOT NULL CHECK (code > 0),
  owner_id            text,
  flags               integer NOT NULL DEFAULT 0 CHECK (flags >= 0 AND flags < 8),
  debits_pending      bigint NOT NULL DEFAULT 0 CHECK (debits_pending >= 0),
  debits_posted       bigint NOT NULL DEFAULT 0 CHECK (debits_posted >= 0),
  credits_pending     bigint NOT NULL DEFAULT 0 CHECK (credits_pending >= 0),
  credits_posted      bigint NOT NULL DEFAULT 0 CHECK (credits_posted >= 0),
  -- Upper bound on the credit balance (credits - debits, counting pending credits): wallet tier cap.
  max_credit_balance  bigint CHECK (max_credit_balance IS NULL OR max_credit_balance >= 0),
  user_data           jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT debits_must_not_exceed_credits
    CHECK ((flags & 1) = 0 OR debits_posted + debits_pending <= credits_posted),
  CONSTRAINT credits_must_not_exceed_debits
    CHECK ((flags & 2) = 0 OR credits_posted + credits_pending <= debits_posted),
  CONSTRAINT exclusive_balance_flags CHECK ((flags & 3) <> 3),
  CONSTRAINT max_credit_balance_respected
    CHECK (max_credit_balance IS NULL OR credits_posted + credits_pending - debits_posted <= max_credit_balance)
);
CREATE INDEX ledger_accounts_owner ON ledger_accounts (owner_id) WHERE owner_id IS NOT NULL;

-- flags: 1 linked, 2 pending, 4 post_pending, 8 void_pending, 16 expired (a void by the sweeper)
CREATE TABLE ledger_transfers (
  id                 uuid PRIMARY KEY,
  seq                bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  debit_account_id   uuid NOT NULL REFERENCES ledger_accounts(id),
  credit_account_id  uuid NOT NULL REFERENCES ledger_accounts(id),
  amount             bigint NOT NULL CHECK (amount > 0),
  ledger             integer NOT NULL REFERENCES ledger_ledgers(ledger),
  code               integer NOT NULL CHECK (code > 0),
  flags              integer NOT NULL DEFAULT 0 CHECK (flags >= 0 AND flags < 32),
  pending_id         uuid REFERENCES ledger_transfers(id),
  expires_at         timestamptz,
  user_data          jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at         timestamptz NOT NULL,
  CONSTRAINT accounts_must_be_different CHECK (debit_account_id <> credit_account_id),
  CONSTRAINT one_kind CHECK (
    ((flags & 2) <> 0)::int + ((flags & 4) <> 0)::int + ((flags & 8) <> 0)::int + ((flags & 16) <> 0)::int <= 1),
  CONSTRAINT resolution_needs_pending_id CHECK (((flags & 28) <> 0) = (pending_id IS NOT NULL)),
  CONSTRAINT expiry_only_on_pending CHECK (expires_at IS NULL OR (flags & 2) <> 0)
);
-- A pending transfer is resolved (posted, voided or expired) at most once.
CREATE UNIQUE INDEX ledger_transfers_one_resolution ON ledger_transfers (pending_id) WHERE pending_id IS NOT NULL;
CREATE INDEX ledger_transfers_debit ON ledger_transfers (debit_account_id, seq);
CREATE INDEX ledger_transfers_credit ON ledger_transfers (credit_account_id, seq);
CREATE INDEX ledger_transfers_open_pending ON ledger_transfers (expires_at) WHERE (flags & 2) <> 0 AND expires_at IS NOT NULL;

-- Per-key spend counters (daily/annual wallet limits), locked and checked in the posting transaction.
CREATE TABLE ledger_limit_usage (
  key          text PRIMARY KEY,
  used         bigint NOT NULL CHECK (used >= 0),
  max_allowed  bigint NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT limit_respected CHECK (used <= max_allowed)
);

-- Limit usage taken by a pending transfer, so that voiding or expiring it gives the usage back
-- (and posting less than the hold gives back the difference) in the same transaction.
CREATE TABLE ledger_pending_limits (
  pending_id  uuid NOT NULL REFERENCES ledger_transfers(id),
  key         text NOT NULL,
  amount      bigint NOT NULL CHECK (amount > 0),
  PRIMARY KEY (pending_id, key)
);

-- Applies a statement's transfers to balances. The only code path that changes balances.
-- The planner cannot know a transition table's size; hash joins would scan whole tables and the
-- cost would grow with history, so every lookup here is by primary key (nested loops), the pending
-- checks run only when the statement holds resolutions, and the pending amount is a scalar subquery.
CREATE FUNCTION ledger_apply_transfers() RETURNS trigger LANGUAGE plpgsql
SET enable_hashjoin = off SET enable_mergejoin = off AS $$
DECLARE bad text;
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows WHERE pending_id IS NOT NULL) THEN
    -- Resolutions must match their pending transfer exactly (accounts, ledger, amount bound, expiry).
    SELECT n.id::text INTO bad
      FROM new_rows n LEFT JOIN ledger_transfers p ON p.id = n.pending_id
     WHERE n.pending_id IS NOT NULL AND (
           p.id IS NULL OR (p.flags & 2) = 0
        OR p.debit_account_id <> n.debit_account_id OR p.credit_account_id <> n.credit_account_id
        OR p.ledger <> n.ledger
        OR ((n.flags & 4) <> 0 AND n.amount > p.amount)
        OR ((n.flags & 24) <> 0 AND n.amount <> p.amount)
        OR ((n.flags & 4) <> 0 AND p.expires_at IS NOT NULL AND n.created_at > p.expires_at))
     LIMIT 1;
    IF bad IS NOT NULL THEN
      RAISE EXCEPTION 'ledger: transfer % does not match its pending transfer', bad USING ERRCODE = 'check_violation';
    END IF;
  END IF;

  -- Both accounts must be on the transfer's ledger; closed accounts take no new money
  -- (releasing a pending transfer on a closed account is allowed).
  SELECT n.id::text INTO bad
    FROM new_rows n
    JOIN ledger_accounts d ON d.id = n.debit_account_id
    JOIN ledger_accounts c ON c.id = n.credit_account_id
   WHERE d.ledger <> n.ledger OR c.ledger <> n.ledger
      OR ((n.flags & 24) = 0 AND ((d.flags & 4) <> 0 OR (c.flags & 4) <> 0))
   LIMIT 1;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'ledger: transfer % crosses ledgers or touches a closed account', bad USING ERRCODE = 'check_violation';
  END IF;

  UPDATE ledger_accounts a
     SET debits_pending  = a.debits_pending  + d.dpend,
         debits_posted   = a.debits_posted   + d.dpost,
         credits_pending = a.credits_pending + d.cpend,
         credits_posted  = a.credits_posted  + d.cpost
    FROM (
      SELECT account_id, sum(dpend) AS dpend, sum(dpost) AS dpost, sum(cpend) AS cpend, sum(cpost) AS cpost
        FROM (
          SELECT n.debit_account_id AS account_id,
                 CASE WHEN (n.flags & 2) <> 0 THEN n.amount
                      WHEN (n.flags & 28) <> 0 THEN -(SELECT p.amount FROM ledger_transfers p WHERE p.id = n.pending_id)
                      ELSE 0 END AS dpend,
                 CASE WHEN (n.flags & 24) <> 0 OR (n.flags & 2) <> 0 THEN 0 ELSE n.amount END AS dpost,
                 0::bigint AS cpend, 0::bigint AS cpost
            FROM new_rows n
          UNION ALL
          SELECT n.credit_account_id, 0, 0,
                 CASE WHEN (n.flags & 2) <> 0 THEN n.amount
                      WHEN (n.flags & 28) <> 0 THEN -(SELECT p.amount FROM ledger_transfers p WHERE p.id = n.pending_id)
                      ELSE 0 END,
                 CASE WHEN (n.flags & 24) <> 0 OR (n.flags & 2) <> 0 THEN 0 ELSE n.amount END
            FROM new_rows n
        ) legs
       GROUP BY account_id
    ) d
   WHERE a.id = d.account_id;
  RETURN NULL;
END $$;

CREATE TRIGGER ledger_transfers_apply AFTER INSERT ON ledger_transfers
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_apply_transfers();

-- History is immutable: corrections are new transfers.
CREATE FUNCTION ledger_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger: % on % is not allowed; the ledger is append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER ledger_transfers_immutable BEFORE UPDATE OR DELETE ON ledger_transfers
  FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
CREATE TRIGGER ledger_transfers_no_truncate BEFORE TRUNCATE ON ledger_transfers
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_forbid_change();
CREATE TRIGGER ledger_accounts_no_delete BEFORE DELETE ON ledger_accounts
  FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
CREATE TRIGGER ledger_accounts_no_truncate BEFORE TRUNCATE ON ledger_accounts
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_forbid_change();

-- Balances start at zero and move only inside ledger_apply_transfers (trigger depth >= 2).
CREATE FUNCTION ledger_guard_balances() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.debits_pending <> 0 OR NEW.debits_posted <> 0 OR NEW.credits_pending <> 0 OR NEW.credits_posted <> 0 THEN
      RAISE EXCEPTION 'ledger: accounts are created with zero balances' USING ERRCODE = 'check_violation';
    END IF;
  ELSIF (NEW.debits_pending, NEW.debits_posted, NEW.credits_pending, NEW.credits_posted)
        IS DISTINCT FROM (OLD.debits_pending, OLD.debits_posted, OLD.credits_pending, OLD.credits_posted)
        AND pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'ledger: balances change only through transfers' USING ERRCODE = 'insufficient_privilege';
  ELSIF NEW.id <> OLD.id OR NEW.ledger <> OLD.ledger THEN
    RAISE EXCEPTION 'ledger: account id and ledger are immutable' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER ledger_accounts_guard BEFORE INSERT OR UPDATE ON ledger_accounts
  FOR EACH ROW EXECUTE FUNCTION ledger_guard_balances();

-- Per-ledger totals; every row must show zero imbalance.
CREATE VIEW ledger_totals AS
  SELECT l.ledger, l.currency,
         coalesce(sum(a.debits_posted), 0)   AS debits_posted,
         coalesce(sum(a.credits_posted), 0)  AS credits_posted,
         coalesce(sum(a.debits_pending), 0)  AS debits_pending,
         coalesce(sum(a.credits_pending), 0) AS credits_pending,
         coalesce(sum(a.debits_posted - a.credits_posted), 0)   AS posted_imbalance,
         coalesce(sum(a.debits_pending - a.credits_pending), 0) AS pending_imbalance
    FROM ledger_ledgers l LEFT JOIN ledger_accounts a ON a.ledger = l.ledger
   GROUP BY l.ledger, l.currency;
