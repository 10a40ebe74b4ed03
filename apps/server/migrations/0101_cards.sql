-- Cards (A6) and card top-up / withdrawal (A7): what 0100 did not have.

-- The wallet limit counters a withdrawal's hold was counted against (e.g. the day and year keys
-- of the tier when it started). A decline or a timeout releases exactly these, even if the
-- tier or the calendar day has changed since.
ALTER TABLE card_operations ADD COLUMN limit_keys text[] NOT NULL DEFAULT '{}';

-- A card cannot be removed while one of its operations is pending: that check reads this index.
CREATE INDEX card_operations_card_pending ON card_operations (card_id) WHERE status = 'pending';

-- A customer's cards, newest first.
CREATE INDEX cards_customer ON cards (customer_id, created_at DESC);
