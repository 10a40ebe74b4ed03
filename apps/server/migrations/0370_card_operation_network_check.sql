-- A timed-out card operation is checked once with the network (flows/card-outcome-check.ts): an
-- approval whose callback never arrived (the API was down) is reversed there. Set when done.
ALTER TABLE card_operations ADD COLUMN network_checked_at timestamptz;
CREATE INDEX card_operations_to_check ON card_operations (updated_at)
  WHERE status = 'pending' OR status = 'timed_out' AND network_checked_at IS NULL AND NOT network_reversed;
