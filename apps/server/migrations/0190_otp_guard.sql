-- Lockout of one-time-code factors (issue 3, item 4): five wrong authenticator-app or texted codes
-- in a row, across confirmations, block that factor. The authenticator is unblocked by enrolling it
-- again; texted codes by the passage of a day (they are the recovery channel of last resort).
CREATE TABLE otp_guard (
  customer_id  uuid NOT NULL REFERENCES customers(id),
  factor       text NOT NULL CHECK (factor IN ('totp', 'sms')),
  failures     int NOT NULL DEFAULT 0 CHECK (failures >= 0),
  locked_at    timestamptz,
  PRIMARY KEY (customer_id, factor)
);
