-- ledger_apply_transfers, planned for the transition table's real size: the planner cannot know
-- how many rows a statement inserted and chose hash joins with full scans of ledger_accounts and
-- ledger_transfers, so the trigger's cost grew with history (42 ms for a 64-row batch at 100k
-- transfers). Now every lookup is by primary key (nested loops), the pending checks only run when
-- the statement holds resolutions, and the pending amount is read with a scalar subquery.
CREATE OR REPLACE FUNCTION ledger_apply_transfers() RETURNS trigger LANGUAGE plpgsql
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
