-- S4/S8 devices: the client keeps a random id (X-Device-Id) and sends it at sign-up and sign-in.
-- Only its SHA-256 is stored; a sign-in without one gets a row with no hash (an unknown device,
-- never recognised again). The device used at sign-up is trusted; a sign-in from any other device
-- is untrusted until confirmed with a strong factor (SMS code or passkey).
CREATE TABLE devices (
  id             uuid PRIMARY KEY,
  customer_id    uuid NOT NULL REFERENCES customers(id),
  device_hash    bytea,                         -- sha256 of the client's id; the id itself is never stored
  name           text,                          -- what the client calls itself (X-Device-Name), e.g. "iPhone 15"
  first_seen_at  timestamptz NOT NULL DEFAULT now(),
  last_seen_at   timestamptz NOT NULL DEFAULT now(),
  trusted_at     timestamptz,
  revoked_at     timestamptz,
  UNIQUE (customer_id, device_hash),
  CHECK (device_hash IS NULL OR octet_length(device_hash) = 32),
  CHECK (name IS NULL OR char_length(name) <= 64),
  CHECK (revoked_at IS NULL OR trusted_at IS NULL)   -- revoking a device also ends its trust
);
CREATE INDEX devices_customer ON devices (customer_id, last_seen_at DESC);

ALTER TABLE sessions
  ADD COLUMN device_id uuid REFERENCES devices(id),
  -- Set (once) when the session was idle longer than PAYMENT_IDLE_SECONDS: from then on it may
  -- still read, but money-moving routes answer 401 REAUTH_REQUIRED until the customer signs in again.
  ADD COLUMN payment_scope_ended_at timestamptz;
CREATE INDEX sessions_device ON sessions (device_id) WHERE device_id IS NOT NULL;

ALTER TABLE step_up_challenges DROP CONSTRAINT step_up_challenges_purpose_check;
ALTER TABLE step_up_challenges
  ADD CONSTRAINT step_up_challenges_purpose_check
  CHECK (purpose IN ('p2p', 'withdrawal', 'unfreeze', 'trust_device'));
