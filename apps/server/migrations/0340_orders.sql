-- Issue 5, part 6: online checkout. A merchant creates an order through its API (amount, its own
-- reference, expiry, return URL); a customer pays it on the hosted page or in the app; the merchant
-- refunds it, in part or in full.
--
-- Order ids are random (uuid v4): they appear in the hosted page's URL and must not be guessable.
-- `expired` is never written: an open order past expires_at reads as expired (no job).
-- The payment is one ledger transfer whose id is derived from the order's id (the ledger's
-- idempotency refuses a second payment); the commit hook marks the order paid in that transaction.
-- Each refund is one ledger transfer back to the payer's wallet; the total refunded is capped by a
-- ledger limit counter (`refund:order:<id>`, max = the amount paid) checked in the posting
-- transaction, and again by the CHECK on `refunded` below.

CREATE TABLE merchant_orders (
  id                   uuid PRIMARY KEY,
  merchant_id          uuid NOT NULL REFERENCES merchants(id),
  reference            text NOT NULL CHECK (reference ~ '^[\x20-\x7E]{1,64}$'),
  amount               bigint NOT NULL CHECK (amount > 0),
  currency             char(3) NOT NULL DEFAULT 'CNY',
  description          text CHECK (char_length(description) <= 500),
  return_url           text CHECK (char_length(return_url) <= 2048),
  expires_in_seconds   integer NOT NULL CHECK (expires_in_seconds BETWEEN 60 AND 86400),
  status               text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'cancelled')),
  expires_at           timestamptz NOT NULL,
  payment_transfer_id  uuid UNIQUE REFERENCES ledger_transfers(id),
  payer_customer_id    uuid REFERENCES customers(id),
  paid_at              timestamptz,
  cancelled_at         timestamptz,
  refunded             bigint NOT NULL DEFAULT 0,
  created_at           timestamptz NOT NULL DEFAULT now(),
  UNIQUE (merchant_id, reference),
  CONSTRAINT merchant_orders_paid CHECK (
    (status = 'paid') = (payment_transfer_id IS NOT NULL AND paid_at IS NOT NULL AND payer_customer_id IS NOT NULL)),
  CONSTRAINT merchant_orders_cancelled CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
  -- Never more refunded than paid, and nothing refunded before the order is paid.
  CONSTRAINT merchant_orders_refunded CHECK (refunded >= 0 AND refunded <= amount AND (refunded = 0 OR status = 'paid'))
);
CREATE INDEX merchant_orders_by_merchant ON merchant_orders (merchant_id, created_at DESC, id DESC);

-- A refund's id is its ledger transfer's id (derived from the order and the merchant's refund reference).
CREATE TABLE merchant_refunds (
  id           uuid PRIMARY KEY REFERENCES ledger_transfers(id),
  order_id     uuid NOT NULL REFERENCES merchant_orders(id),
  merchant_id  uuid NOT NULL REFERENCES merchants(id),
  reference    text NOT NULL CHECK (reference ~ '^[\x20-\x7E]{1,64}$'),
  amount       bigint NOT NULL CHECK (amount > 0),
  reason       text CHECK (char_length(reason) <= 500),
  -- Who asked: `merchant-key:<api key id>` or `customer:<owner id>` (the portal).
  actor        text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (order_id, reference)
);
CREATE INDEX merchant_refunds_by_order ON merchant_refunds (order_id, created_at DESC);

-- An order payment's confirmation binds purpose 'order' (amount and the merchant as payee).
ALTER TABLE step_up_challenges DROP CONSTRAINT step_up_challenges_purpose_check;
ALTER TABLE step_up_challenges
  ADD CONSTRAINT step_up_challenges_purpose_check
  CHECK (purpose IN ('p2p', 'withdrawal', 'unfreeze', 'trust_device', 'qr', 'pos', 'order'));
