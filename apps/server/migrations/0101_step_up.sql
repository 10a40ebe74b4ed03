-- S1 payment PIN and S5 step-up challenges with dynamic linking.

CREATE TABLE customer_pins (
  customer_id      uuid PRIMARY KEY REFERENCES customers(id),
  pin_hash         text NOT NULL,                 -- argon2id; the PIN itself is never stored
  failed_attempts  integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  locked_at        timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- A confirmation request bound to one money movement: amount, currency, payee and the id the
-- ledger transfer (or card operation) will carry. Single use, short-lived, limited attempts.
CREATE TABLE step_up_challenges (
  id            uuid PRIMARY KEY,
  customer_id   uuid NOT NULL REFERENCES customers(id),
  purpose       text NOT NULL CHECK (purpose IN ('p2p', 'withdrawal', 'unfreeze')),
  amount        bigint NOT NULL CHECK (amount >= 0),   -- 0 for actions that move no money
  currency      char(3) NOT NULL,
  payee         text NOT NULL,
  payee_label   text,                       -- what the customer sees (name, card), shown in the SMS
  operation_id  uuid NOT NULL,
  methods       text[] NOT NULL,
  attempts      integer NOT NULL DEFAULT 0,
  expires_at    timestamptz NOT NULL,
  consumed_at   timestamptz,
  method_used   text,
  otp_hash      bytea,                      -- HMAC of the SMS code sent for it (never the code)
  otp_sent_at   timestamptz,
  otp_sends     integer NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX step_up_challenges_customer ON step_up_challenges (customer_id, created_at DESC);

-- S1 throttling of password guessing: failures per (phone, IP), per phone and per IP, each with
-- a window and a block. Keys exist whether or not the phone is registered (no enumeration).
CREATE TABLE auth_throttle (
  key                text PRIMARY KEY,
  failures           integer NOT NULL,
  window_started_at  timestamptz NOT NULL,
  blocked_until      timestamptz
);

-- S2 TOTP authenticator: the secret is encrypted (AES-256-GCM, key id per row); the last step used
-- is kept so a code works once; recovery codes are stored as HMACs and each works once.
CREATE TABLE customer_totp (
  customer_id        uuid PRIMARY KEY REFERENCES customers(id),
  secret_ciphertext  bytea NOT NULL,
  secret_key_id      text NOT NULL,
  confirmed_at       timestamptz,
  last_used_step     bigint,
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE totp_recovery_codes (
  customer_id  uuid NOT NULL REFERENCES customers(id),
  code_hash    bytea NOT NULL,
  used_at      timestamptz,
  PRIMARY KEY (customer_id, code_hash)
);

-- A2 KYC: a verified real-name identity per customer (encrypted; fingerprint keeps one wallet per ID).
CREATE TABLE kyc_identities (
  customer_id      uuid PRIMARY KEY REFERENCES customers(id),
  name_ciphertext  bytea NOT NULL,
  id_ciphertext    bytea NOT NULL,
  key_id           text NOT NULL,
  id_fingerprint   bytea NOT NULL UNIQUE,
  id_last4         char(4) NOT NULL,
  verified_at      timestamptz NOT NULL DEFAULT now(),
  card_verified_at timestamptz
);
