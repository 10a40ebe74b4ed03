-- When a POS payment was claimed for posting (status 'processing'): a claim whose ledger transfer
-- never came (the API died between the claim and the posting, or the database went away) is
-- declined by the sweeper once it is older than the claim timeout, so the till and the customer
-- are not left waiting on a payment that cannot complete. Rows from before this column read as
-- claimed when they were created.
ALTER TABLE pos_payments ADD COLUMN claimed_at timestamptz;
UPDATE pos_payments SET claimed_at = created_at WHERE status = 'processing';
ALTER TABLE pos_payments ADD CONSTRAINT pos_payments_claimed_when_processing
  CHECK (status <> 'processing' OR claimed_at IS NOT NULL);
CREATE INDEX pos_payments_processing ON pos_payments (claimed_at) WHERE status = 'processing';
