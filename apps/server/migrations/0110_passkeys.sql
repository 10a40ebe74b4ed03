-- S3 WebAuthn passkeys: credentials, pending ceremonies, and the factor's lockout.

-- One row per registered credential. Only the public key is stored (COSE, as the authenticator sent
-- it); the private key never leaves the customer's device. Removing a passkey keeps the row (audit,
-- and a removed credential id cannot be registered again by someone else).
CREATE TABLE passkeys (
  id             uuid PRIMARY KEY,
  customer_id    uuid NOT NULL REFERENCES customers(id),
  credential_id  text NOT NULL UNIQUE                                   -- base64url, 16–1023 bytes
                 CHECK (credential_id ~ '^[A-Za-z0-9_-]+$' AND length(credential_id) BETWEEN 22 AND 1364),
  public_key     bytea NOT NULL,
  sign_count     bigint NOT NULL DEFAULT 0 CHECK (sign_count >= 0 AND sign_count <= 4294967295),
  transports     text[] NOT NULL DEFAULT '{}',
  aaguid         uuid,
  backed_up      boolean NOT NULL DEFAULT false,
  name           text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  last_used_at   timestamptz,
  removed_at     timestamptz
);
CREATE INDEX passkeys_customer ON passkeys (customer_id) WHERE removed_at IS NULL;

-- A registration or sign-in ceremony waiting for the authenticator's answer: a random challenge,
-- short-lived and consumed by the first answer (right or wrong). Sign-in ceremonies may have no
-- customer (discoverable credentials), or the customer whose phone was given.
CREATE TABLE webauthn_ceremonies (
  id           uuid PRIMARY KEY,
  challenge    text NOT NULL UNIQUE,
  customer_id  uuid REFERENCES customers(id),
  purpose      text NOT NULL CHECK (purpose IN ('registration', 'login')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  consumed_at  timestamptz,
  CHECK (expires_at <= created_at + interval '5 minutes'),
  CHECK (purpose = 'login' OR customer_id IS NOT NULL)
);
CREATE INDEX webauthn_ceremonies_expiry ON webauthn_ceremonies (expires_at);

-- Lockout of the passkey factor: consecutive failed assertions (sign-in or confirmation) per
-- customer; at five the factor is blocked until a new passkey is registered with the password.
CREATE TABLE passkey_guard (
  customer_id      uuid PRIMARY KEY REFERENCES customers(id),
  failed_attempts  integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  locked_at        timestamptz
);
