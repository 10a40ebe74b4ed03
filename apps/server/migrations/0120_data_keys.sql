-- S6 data protection at rest: data keys wrapped by the master key, and personal data encrypted.
--
-- Hierarchy: master key (configuration, never in the database) → data keys (random 32 bytes, stored
-- here only wrapped by the master key) → fields (AES-256-GCM under the active data key; blind
-- indexes are HMACs under the index key). `yinbao keys rotate` re-wraps the data keys under a new
-- master key, or starts a new data key and re-encrypts the rows.

CREATE TABLE data_keys (
  id             text PRIMARY KEY,                 -- dk_<uuidv7> (data) or ik_<uuidv7> (index)
  kind           text NOT NULL CHECK (kind IN ('data', 'index')),
  wrapped_key    bytea NOT NULL,                   -- AES-256-GCM of the key under the master key: iv | tag | ciphertext; AAD = id
  master_key_id  text NOT NULL,                    -- which master key wrapped it
  status         text NOT NULL CHECK (status IN ('active', 'retired')),
  created_at     timestamptz NOT NULL DEFAULT now(),
  rotated_at     timestamptz,                      -- last re-wrap under a new master key
  retired_at     timestamptz
);
-- Exactly one active key of each kind: new writes use it; retired ones only decrypt.
CREATE UNIQUE INDEX data_keys_one_active ON data_keys (kind) WHERE status = 'active';

-- SQL cannot encrypt (the keys live in the application), so clear values of the columns that become
-- encrypted wait here; the server encrypts them at its next start, before it serves, then drops
-- this table (platform/encrypted-fields.ts, upgradeEncryptedData).
CREATE TABLE pii_backfill (
  table_name  text NOT NULL,
  row_id      uuid NOT NULL,
  field       text NOT NULL,
  value       text NOT NULL,
  PRIMARY KEY (table_name, row_id, field)
);
INSERT INTO pii_backfill (table_name, row_id, field, value)
  SELECT 'customers', id, 'phone', phone FROM customers
  UNION ALL SELECT 'customers', id, 'display_name', display_name FROM customers
  UNION ALL SELECT 'cards', id, 'holder_name', holder_name FROM cards;

ALTER TABLE customers
  DROP COLUMN phone,
  DROP COLUMN display_name,
  ADD COLUMN phone_ciphertext         bytea,         -- AES-256-GCM (key id in the blob header too)
  ADD COLUMN phone_key_id             text,
  ADD COLUMN phone_index              bytea,         -- blind index: HMAC-SHA256 of the E.164 phone under the index key
  ADD COLUMN display_name_ciphertext  bytea,
  ADD COLUMN display_name_key_id      text;
-- Sign-up and sign-in find a customer by the blind index only.
CREATE UNIQUE INDEX customers_phone_index ON customers (phone_index);
-- Every row written from now on is encrypted; rows from before are filled by the start-up backfill,
-- which then validates the constraint.
ALTER TABLE customers ADD CONSTRAINT customers_pii_encrypted CHECK (
  phone_ciphertext IS NOT NULL AND phone_key_id IS NOT NULL AND phone_index IS NOT NULL
  AND display_name_ciphertext IS NOT NULL AND display_name_key_id IS NOT NULL) NOT VALID;

ALTER TABLE cards
  DROP COLUMN holder_name,
  ADD COLUMN holder_name_ciphertext  bytea,
  ADD COLUMN holder_name_key_id      text;
ALTER TABLE cards ADD CONSTRAINT cards_holder_name_encrypted CHECK (
  holder_name_ciphertext IS NOT NULL AND holder_name_key_id IS NOT NULL) NOT VALID;
