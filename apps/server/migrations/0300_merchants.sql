-- Issue 5, part 1: merchants. A signed-in customer applies (becoming the owner); staff review the
-- application; approval opens the merchant's settlement account in the ledger (code 2, one per
-- currency, never below zero). Merchant users (owner, cashier) and API keys for server-to-server
-- calls (only a SHA-256 of each key is stored).
--
-- Encrypted like card numbers (AES-256-GCM, data key id beside the blob): the settlement account
-- number (its own key id column: NULL when the settlement goes to a bound card), the contact phone
-- and the contact email (one key id for both).

CREATE TABLE merchants (
  id                              uuid PRIMARY KEY,
  owner_id                        uuid NOT NULL REFERENCES customers(id),
  business_name                   text NOT NULL CHECK (char_length(business_name) BETWEEN 2 AND 64),
  mcc                             char(4) NOT NULL CHECK (mcc ~ '^[0-9]{4}$'),
  status                          text NOT NULL DEFAULT 'pending_review'
                                  CHECK (status IN ('pending_review', 'active', 'rejected', 'suspended')),
  settlement_kind                 text NOT NULL CHECK (settlement_kind IN ('card', 'bank_account')),
  settlement_card_id              uuid REFERENCES cards(id),
  settlement_bank_name            text NOT NULL CHECK (char_length(settlement_bank_name) BETWEEN 2 AND 64),
  settlement_last4                char(4) NOT NULL CHECK (settlement_last4 ~ '^[0-9]{4}$'),
  settlement_account_ciphertext   bytea,
  settlement_account_key_id       text,
  contact_phone_ciphertext        bytea NOT NULL,
  contact_email_ciphertext        bytea NOT NULL,
  contact_key_id                  text NOT NULL,
  reviewed_by                     uuid REFERENCES staff(id),
  reviewed_at                     timestamptz,
  reject_reason                   text CHECK (reject_reason IS NULL OR char_length(reject_reason) <= 500),
  created_at                      timestamptz NOT NULL DEFAULT now(),
  updated_at                      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT merchants_settlement CHECK (
    (settlement_kind = 'card' AND settlement_card_id IS NOT NULL
       AND settlement_account_ciphertext IS NULL AND settlement_account_key_id IS NULL)
    OR (settlement_kind = 'bank_account' AND settlement_card_id IS NULL
       AND settlement_account_ciphertext IS NOT NULL AND settlement_account_key_id IS NOT NULL)),
  CONSTRAINT merchants_reviewed CHECK ((status = 'pending_review') = (reviewed_at IS NULL)),
  CONSTRAINT merchants_reject_reason CHECK ((status = 'rejected') = (reject_reason IS NOT NULL))
);
CREATE INDEX merchants_by_owner ON merchants (owner_id);
CREATE INDEX merchants_by_status ON merchants (status, created_at, id);

-- The merchant's own ledger accounts (one per currency), opened on approval.
CREATE TABLE merchant_accounts (
  merchant_id  uuid NOT NULL REFERENCES merchants(id),
  currency     char(3) NOT NULL,
  account_id   uuid NOT NULL UNIQUE REFERENCES ledger_accounts(id),
  PRIMARY KEY (merchant_id, currency)
);

-- People who work for a merchant. The applicant is its first owner; owners add cashiers (or other
-- owners) by phone. A removed user keeps their row (removed_at) for the record.
CREATE TABLE merchant_users (
  id           uuid PRIMARY KEY,
  merchant_id  uuid NOT NULL REFERENCES merchants(id),
  customer_id  uuid NOT NULL REFERENCES customers(id),
  role         text NOT NULL CHECK (role IN ('owner', 'cashier')),
  added_by     uuid REFERENCES customers(id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  removed_at   timestamptz
);
CREATE UNIQUE INDEX merchant_users_one_live ON merchant_users (merchant_id, customer_id) WHERE removed_at IS NULL;
CREATE INDEX merchant_users_by_customer ON merchant_users (customer_id) WHERE removed_at IS NULL;

-- API keys: `ybk_live_<prefix>_<secret>`. The prefix is the key's public id; only SHA-256 of the
-- whole key is stored (32 random bytes of secret: no slow hash needed, see docs/security.md).
CREATE TABLE merchant_api_keys (
  id            uuid PRIMARY KEY,
  merchant_id   uuid NOT NULL REFERENCES merchants(id),
  prefix        text NOT NULL UNIQUE CHECK (prefix ~ '^[a-z2-7]{12}$'),
  secret_hash   bytea NOT NULL CHECK (octet_length(secret_hash) = 32),
  name          text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 64),
  scopes        text[] NOT NULL CHECK (
                  cardinality(scopes) >= 1
                  AND scopes <@ ARRAY['orders:write', 'orders:read', 'refunds:write', 'webhooks:read']),
  created_by    uuid NOT NULL REFERENCES customers(id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  -- Set when the key is rotated with an overlap: it keeps working until then.
  expires_at    timestamptz,
  revoked_at    timestamptz,
  replaced_by   uuid REFERENCES merchant_api_keys(id)
);
CREATE INDEX merchant_api_keys_by_merchant ON merchant_api_keys (merchant_id, created_at DESC);
