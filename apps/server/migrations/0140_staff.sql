-- Back-office staff (issue 3, item 8): accounts with roles, sessions with mandatory second factor,
-- and maker–checker requests for sensitive actions.

CREATE TABLE staff (
  id             uuid PRIMARY KEY,
  username       text NOT NULL UNIQUE CHECK (username ~ '^[a-z][a-z0-9._-]{2,31}$'),
  display_name   text NOT NULL,
  password_hash  text NOT NULL,
  roles          text[] NOT NULL CHECK (
                   cardinality(roles) >= 1
                   AND roles <@ ARRAY['operator', 'risk_analyst', 'compliance', 'customer_service', 'admin']),
  status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_by     uuid REFERENCES staff(id),
  created_at     timestamptz NOT NULL DEFAULT now()
);

-- The staff member's authenticator (TOTP): mandatory before any staff session exists.
CREATE TABLE staff_totp (
  staff_id           uuid PRIMARY KEY REFERENCES staff(id),
  secret_ciphertext  bytea NOT NULL,
  secret_key_id      text NOT NULL,
  confirmed_at       timestamptz,
  last_used_step     bigint,
  failed_attempts    int NOT NULL DEFAULT 0,
  locked_at          timestamptz
);

-- Sessions: 'enrolment' sessions may only confirm the authenticator; 'full' sessions do the work.
CREATE TABLE staff_sessions (
  id            uuid PRIMARY KEY,
  staff_id      uuid NOT NULL REFERENCES staff(id),
  token_hash    bytea NOT NULL UNIQUE,
  kind          text NOT NULL CHECK (kind IN ('enrolment', 'full')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,            -- sliding inactivity window
  absolute_expires_at timestamptz NOT NULL,      -- hard end of a working day
  revoked_at    timestamptz,
  ip            text
);
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);

-- Maker–checker: one staff member proposes, a different one approves; approval executes the action.
CREATE TABLE staff_requests (
  id           uuid PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('adjust_balance', 'lift_freeze', 'raise_tier')),
  customer_id  uuid NOT NULL REFERENCES customers(id),
  params       jsonb NOT NULL,                   -- e.g. {"direction":"credit","amount":"1000","currency":"CNY"}
  reason       text NOT NULL CHECK (length(reason) BETWEEN 3 AND 500),
  status       text NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'approved', 'executed', 'failed', 'rejected', 'withdrawn')),
  proposed_by  uuid NOT NULL REFERENCES staff(id),
  decided_by   uuid REFERENCES staff(id),
  decided_at   timestamptz,
  decision_note text,
  result       jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  -- The database itself refuses a maker approving their own request.
  CONSTRAINT staff_requests_four_eyes CHECK (decided_by IS NULL OR decided_by <> proposed_by),
  -- A maker may withdraw their own pending request (no decider); every other outcome names one.
  CONSTRAINT staff_requests_decided CHECK ((status IN ('pending', 'withdrawn')) = (decided_by IS NULL))
);
CREATE INDEX staff_requests_pending ON staff_requests (created_at) WHERE status = 'pending';
CREATE INDEX staff_requests_customer ON staff_requests (customer_id, created_at DESC);

-- Who froze a wallet: a freeze by the bank cannot be lifted by the customer.
ALTER TABLE wallets ADD COLUMN frozen_by text CHECK (frozen_by IN ('customer', 'bank'));

-- Manual adjustments are booked against the bank's own adjustment account (code 104).
INSERT INTO ledger_accounts (id, ledger, code, owner_id, user_data)
SELECT ('00000000-0000-7000-8000-' || lpad(to_hex(l.ledger), 6, '0') || lpad(to_hex(104), 6, '0'))::uuid,
       l.ledger, 104, 'bank', jsonb_build_object('name', 'manual_adjustments')
  FROM ledger_ledgers l;
