-- Phone verification before sign-up (issue 3, item 4): a code texted to the number proves it is
-- the caller's, and no answer reveals whether the number already has a wallet. A registered number
-- gets a verification too (same answer, same work) but no code: its text says how to sign in.

CREATE TABLE signup_verifications (
  id                uuid PRIMARY KEY,
  phone_index       bytea NOT NULL,   -- blind index: HMAC-SHA256 of the E.164 phone under the index key (as customers)
  phone_ciphertext  bytea NOT NULL,   -- AES-256-GCM, AAD bound to the row id (encrypted-fields.ts)
  phone_key_id      text NOT NULL,
  code_hash         bytea,            -- HMAC of the texted code; NULL when the number already had a wallet
  attempts          integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  sends             integer NOT NULL DEFAULT 0 CHECK (sends >= 0),
  created_at        timestamptz NOT NULL DEFAULT now(),
  last_sent_at      timestamptz,
  expires_at        timestamptz NOT NULL,
  consumed_at       timestamptz
);
-- The live verification of a number, and the texts sent to it in the last hour (throttle).
CREATE INDEX signup_verifications_phone ON signup_verifications (phone_index, created_at DESC);
