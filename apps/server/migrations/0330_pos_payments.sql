-- Issue 5, parts 4 and 5: payments a merchant's POS takes from a customer — a customer-presented
-- payment code (付款码) or an NFC tap signed by a key on the customer's device.
--
-- A payment code is 18 digits shown by the wallet for 60 seconds; only its HMAC is stored. It is
-- bound to the customer, wallet, device and session that issued it; a newer code of the device
-- supersedes it. A code pays at most once: the POS payment that claims it holds it (UNIQUE), and the
-- ledger transfer's id is derived from the code's id.
CREATE TABLE pay_codes (
  id           uuid PRIMARY KEY,
  code_hash    bytea NOT NULL UNIQUE CHECK (octet_length(code_hash) = 32),
  customer_id  uuid NOT NULL REFERENCES customers(id),
  wallet_id    uuid NOT NULL REFERENCES wallets(id),
  device_id    uuid NOT NULL REFERENCES devices(id),
  session_id   uuid NOT NULL REFERENCES sessions(id),
  status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'superseded')),
  expires_at   timestamptz NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (expires_at > created_at)
);
CREATE INDEX pay_codes_active_by_device ON pay_codes (device_id) WHERE status = 'active';

-- NFC keys: one active public key per device (SPKI DER). A tap's counter must exceed the last one
-- accepted, which a conditional UPDATE raises (parallel replays of one tap: one wins).
CREATE TABLE nfc_keys (
  id            uuid PRIMARY KEY,
  customer_id   uuid NOT NULL REFERENCES customers(id),
  device_id     uuid NOT NULL REFERENCES devices(id),
  algorithm     text NOT NULL CHECK (algorithm IN ('Ed25519', 'P-256')),
  public_key    bytea NOT NULL CHECK (octet_length(public_key) BETWEEN 32 AND 200),
  last_counter  bigint NOT NULL DEFAULT 0 CHECK (last_counter >= 0),
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz
);
CREATE UNIQUE INDEX nfc_keys_one_active_per_device ON nfc_keys (device_id) WHERE revoked_at IS NULL;
CREATE INDEX nfc_keys_by_customer ON nfc_keys (customer_id, created_at DESC);

-- A POS payment: claimed (processing) before the ledger posts it; the commit hook marks it
-- completed in the posting transaction. Above the "confirm on phone" threshold (or when the
-- customer's confirmation is required) it waits for the customer (awaiting_customer, 2 minutes;
-- past expires_at it reads as expired). Its id is the ledger transfer's id.
CREATE TABLE pos_payments (
  id              uuid PRIMARY KEY,
  merchant_id     uuid NOT NULL REFERENCES merchants(id),
  reference       text NOT NULL CHECK (reference ~ '^[\x20-\x7E]{1,64}$'),
  terminal_id     text CHECK (terminal_id ~ '^[\x20-\x7E]{1,32}$'),
  method          text NOT NULL CHECK (method IN ('pay_code', 'nfc')),
  customer_id     uuid NOT NULL REFERENCES customers(id),
  wallet_id       uuid NOT NULL REFERENCES wallets(id),
  amount          bigint NOT NULL CHECK (amount > 0),
  currency        char(3) NOT NULL DEFAULT 'CNY',
  pay_code_id     uuid UNIQUE REFERENCES pay_codes(id),
  nfc_key_id      uuid REFERENCES nfc_keys(id),
  nfc_counter     bigint,
  status          text NOT NULL CHECK (status IN ('processing', 'awaiting_customer', 'completed', 'declined')),
  expires_at      timestamptz NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  decided_at      timestamptz,
  UNIQUE (merchant_id, reference),
  UNIQUE (nfc_key_id, nfc_counter),
  CHECK ((method = 'pay_code') = (pay_code_id IS NOT NULL)),
  CHECK ((method = 'nfc') = (nfc_key_id IS NOT NULL AND nfc_counter IS NOT NULL)),
  CHECK ((status IN ('completed', 'declined')) = (decided_at IS NOT NULL))
);
CREATE INDEX pos_payments_awaiting ON pos_payments (customer_id, created_at DESC) WHERE status = 'awaiting_customer';

-- A POS payment's confirmation binds purpose 'pos' (amount and the merchant as payee).
ALTER TABLE step_up_challenges DROP CONSTRAINT step_up_challenges_purpose_check;
ALTER TABLE step_up_challenges
  ADD CONSTRAINT step_up_challenges_purpose_check
  CHECK (purpose IN ('p2p', 'withdrawal', 'unfreeze', 'trust_device', 'qr', 'pos'));

-- Merchant API keys may carry `pos:write` (submit POS payments and read them).
ALTER TABLE merchant_api_keys DROP CONSTRAINT merchant_api_keys_scopes_check;
ALTER TABLE merchant_api_keys
  ADD CONSTRAINT merchant_api_keys_scopes_check CHECK (
    cardinality(scopes) >= 1
    AND scopes <@ ARRAY['orders:write', 'orders:read', 'refunds:write', 'webhooks:read', 'pos:write']);
