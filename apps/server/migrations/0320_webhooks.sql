-- Issue 5, item 7: merchant webhooks. An owner registers HTTPS endpoints; events are written in the
-- caller's transaction (one webhook_events row with the exact bytes to send, one delivery per
-- matching endpoint), and a worker POSTs them signed (x-signature), at least once, retrying with
-- back-off for about three days. Every attempt is kept for the merchant's delivery log.

CREATE TABLE webhook_endpoints (
  id           uuid PRIMARY KEY,
  merchant_id  uuid NOT NULL REFERENCES merchants(id),
  url          text NOT NULL CHECK (char_length(url) BETWEEN 8 AND 2048),
  -- The event types delivered here; empty = all of them.
  events       text[] NOT NULL DEFAULT '{}',
  created_by   uuid NOT NULL REFERENCES customers(id),
  created_at   timestamptz NOT NULL,
  deleted_at   timestamptz
);
CREATE INDEX webhook_endpoints_by_merchant ON webhook_endpoints (merchant_id, created_at) WHERE deleted_at IS NULL;

-- Signing secrets (`whsec_…`), encrypted (the server signs with them, so they cannot be hashed). The
-- current one has expires_at NULL; a rotation gives the previous one an expiry (the overlap during
-- which deliveries are signed with both).
CREATE TABLE webhook_secrets (
  id                 uuid PRIMARY KEY,
  endpoint_id        uuid NOT NULL REFERENCES webhook_endpoints(id),
  secret_ciphertext  bytea NOT NULL,
  key_id             text NOT NULL,
  created_at         timestamptz NOT NULL,
  expires_at         timestamptz
);
CREATE UNIQUE INDEX webhook_secrets_one_current ON webhook_secrets (endpoint_id) WHERE expires_at IS NULL;

CREATE TABLE webhook_events (
  id           text PRIMARY KEY CHECK (id ~ '^evt_[0-9a-f]{32}$'),
  merchant_id  uuid NOT NULL REFERENCES merchants(id),
  type         text NOT NULL CHECK (type ~ '^[a-z_]+(\.[a-z_]+)+$'),
  -- The JSON body exactly as sent (serialised once: every delivery and re-send sends these bytes).
  body         text NOT NULL,
  created_at   timestamptz NOT NULL
);

CREATE TABLE webhook_deliveries (
  id               uuid PRIMARY KEY,
  event_id         text NOT NULL REFERENCES webhook_events(id),
  endpoint_id      uuid NOT NULL REFERENCES webhook_endpoints(id),
  status           text NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
  attempts         int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- When the worker may (next) try; while an attempt is in flight, the end of its lease.
  next_attempt_at  timestamptz,
  created_at       timestamptz NOT NULL,
  delivered_at     timestamptz,
  UNIQUE (event_id, endpoint_id),
  CONSTRAINT webhook_deliveries_due CHECK ((status = 'pending') = (next_attempt_at IS NOT NULL)),
  CONSTRAINT webhook_deliveries_delivered CHECK ((status = 'delivered') = (delivered_at IS NOT NULL))
);
CREATE INDEX webhook_deliveries_due_at ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, created_at DESC, id DESC);

-- One row per HTTP attempt: the answer's status code or the error, and how long it took (never the
-- secret, never the receiver's body).
CREATE TABLE webhook_attempts (
  id            uuid PRIMARY KEY,
  delivery_id   uuid NOT NULL REFERENCES webhook_deliveries(id),
  attempted_at  timestamptz NOT NULL,
  status_code   int CHECK (status_code BETWEEN 100 AND 599),
  error         text CHECK (char_length(error) <= 300),
  duration_ms   int NOT NULL CHECK (duration_ms >= 0),
  CHECK (status_code IS NOT NULL OR error IS NOT NULL)
);
CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery_id, attempted_at);
