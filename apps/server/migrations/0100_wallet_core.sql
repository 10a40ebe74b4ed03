-- Customers, sessions, wallets, cards, card operations, idempotency, outbox and notifications.

CREATE TABLE customers (
  id             uuid PRIMARY KEY,
  phone          text NOT NULL UNIQUE,            -- E.164, e.g. +8613800138000
  password_hash  text NOT NULL,
  display_name   text NOT NULL,
  status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
  created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  id            uuid PRIMARY KEY,
  customer_id   uuid NOT NULL REFERENCES customers(id),
  token_hash    bytea NOT NULL UNIQUE,            -- sha256 of the opaque token; the token is never stored
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  revoked_at    timestamptz,
  user_agent    text,
  ip            text
);
CREATE INDEX sessions_customer ON sessions (customer_id);

CREATE TABLE wallets (
  id           uuid PRIMARY KEY,
  customer_id  uuid NOT NULL UNIQUE REFERENCES customers(id),
  tier         smallint NOT NULL CHECK (tier BETWEEN 1 AND 9),
  status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'frozen', 'closed')),
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE wallet_accounts (
  wallet_id   uuid NOT NULL REFERENCES wallets(id),
  currency    char(3) NOT NULL,
  account_id  uuid NOT NULL UNIQUE REFERENCES ledger_accounts(id),
  PRIMARY KEY (wallet_id, currency)
);

CREATE TABLE cards (
  id              uuid PRIMARY KEY,
  customer_id     uuid NOT NULL REFERENCES customers(id),
  token           text NOT NULL UNIQUE,           -- what the API and logs use instead of the PAN
  pan_ciphertext  bytea NOT NULL,                 -- AES-256-GCM: iv | tag | ciphertext
  pan_key_id      text NOT NULL,
  pan_fingerprint bytea NOT NULL,                 -- HMAC-SHA256 of the PAN: duplicate detection without the PAN
  last4           char(4) NOT NULL,
  brand           text NOT NULL,
  bank_name       text NOT NULL,
  expiry          char(5) NOT NULL,               -- MM/YY
  holder_name     text NOT NULL,
  status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'removed')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  removed_at      timestamptz
);
CREATE UNIQUE INDEX cards_one_active_per_pan ON cards (customer_id, pan_fingerprint) WHERE status = 'active';

CREATE TABLE card_operations (
  id                   uuid PRIMARY KEY,
  customer_id          uuid NOT NULL REFERENCES customers(id),
  wallet_id            uuid NOT NULL REFERENCES wallets(id),
  card_id              uuid NOT NULL REFERENCES cards(id),
  kind                 text NOT NULL CHECK (kind IN ('topup', 'withdrawal')),
  amount               bigint NOT NULL CHECK (amount > 0),
  currency             char(3) NOT NULL,
  status               text NOT NULL CHECK (status IN ('pending', 'succeeded', 'declined', 'timed_out')),
  decline_reason       text,
  pending_transfer_id  uuid NOT NULL UNIQUE REFERENCES ledger_transfers(id),
  network_ref          text,
  network_reversed     boolean NOT NULL DEFAULT false,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX card_operations_customer ON card_operations (customer_id, created_at DESC);
-- A card cannot be removed while one of its operations is pending: that check reads this index.
CREATE INDEX card_operations_card_pending ON card_operations (card_id) WHERE status = 'pending';
-- A customer's cards, newest first.
CREATE INDEX cards_customer ON cards (customer_id, created_at DESC);

CREATE TABLE idempotency_keys (
  scope          text NOT NULL,                    -- customer id, or 'anon'
  key            text NOT NULL,
  request_hash   bytea NOT NULL,
  status         text NOT NULL CHECK (status IN ('in_progress', 'completed')),
  response_code  integer,
  response_body  text,
  locked_until   timestamptz NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);

CREATE TABLE outbox_events (
  id               uuid PRIMARY KEY,               -- stable: consumers deduplicate on it
  seq              bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  topic            text NOT NULL,
  customer_id      uuid,
  payload          jsonb NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  delivered_at     timestamptz,
  last_error       text
);
CREATE INDEX outbox_undelivered ON outbox_events (next_attempt_at) WHERE delivered_at IS NULL;

CREATE TABLE notifications (
  id           uuid PRIMARY KEY,
  customer_id  uuid NOT NULL REFERENCES customers(id),
  event_id     uuid NOT NULL UNIQUE,               -- the outbox event it came from: delivery is at least once
  kind         text NOT NULL,
  title        text NOT NULL,
  body         text NOT NULL,
  data         jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  read_at      timestamptz
);
CREATE INDEX notifications_customer ON notifications (customer_id, created_at DESC);

-- The bank's own accounts (no balance flags: they may go either way).
--   100 card-network settlement, 101 fee income, 102 interbank clearing, 103 merchant settlement
INSERT INTO ledger_accounts (id, ledger, code, owner_id, user_data)
SELECT ('00000000-0000-7000-8000-' || lpad(to_hex(l.ledger), 6, '0') || lpad(to_hex(c.code), 6, '0'))::uuid,
       l.ledger, c.code, 'bank', jsonb_build_object('name', c.name)
  FROM ledger_ledgers l
 CROSS JOIN (VALUES (100, 'card_network_settlement'), (101, 'fee_income'), (102, 'interbank_clearing'),
                    (103, 'merchant_settlement')) AS c(code, name);
