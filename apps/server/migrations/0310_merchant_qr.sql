-- Issue 5, part 3: merchant-presented QR codes. An owner of an active merchant creates codes: a
-- static one (the customer types the amount) or a dynamic one (amount and order reference fixed,
-- single use, expires within 24 hours). A customer's payment of a dynamic code is one ledger transfer
-- whose id is derived from the code's id (the ledger's idempotency refuses a second payment of it);
-- the commit hook marks the code paid in that same transaction.
--
-- `expired` is not written by a job: an active dynamic code past expires_at reads as expired.

CREATE TABLE merchant_qr_codes (
  id                uuid PRIMARY KEY,
  merchant_id       uuid NOT NULL REFERENCES merchants(id),
  kind              text NOT NULL CHECK (kind IN ('static', 'dynamic')),
  amount            bigint CHECK (amount > 0),
  currency          char(3) NOT NULL DEFAULT 'CNY',
  reference         text CHECK (reference ~ '^[\x20-\x7E]{1,25}$'),
  status            text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paid', 'expired', 'disabled')),
  expires_at        timestamptz,
  paid_transfer_id  uuid UNIQUE REFERENCES ledger_transfers(id),
  paid_at           timestamptz,
  created_by        uuid NOT NULL REFERENCES customers(id),
  created_at        timestamptz NOT NULL DEFAULT now(),
  disabled_at       timestamptz,
  -- A static code has no amount, reference or expiry; a dynamic one has an amount and an expiry.
  CONSTRAINT merchant_qr_codes_kind CHECK (
    (kind = 'static' AND amount IS NULL AND reference IS NULL AND expires_at IS NULL)
    OR (kind = 'dynamic' AND amount IS NOT NULL AND expires_at IS NOT NULL)),
  -- Only a dynamic code is ever paid, and a paid code names its transfer.
  CONSTRAINT merchant_qr_codes_paid CHECK (
    (status = 'paid') = (paid_transfer_id IS NOT NULL AND paid_at IS NOT NULL)
    AND (status <> 'paid' OR kind = 'dynamic')),
  CONSTRAINT merchant_qr_codes_disabled CHECK ((status = 'disabled') = (disabled_at IS NOT NULL))
);
CREATE INDEX merchant_qr_codes_by_merchant ON merchant_qr_codes (merchant_id, created_at DESC, id);

-- A QR payment's confirmation binds purpose 'qr' (amount and the merchant as payee).
ALTER TABLE step_up_challenges DROP CONSTRAINT step_up_challenges_purpose_check;
ALTER TABLE step_up_challenges
  ADD CONSTRAINT step_up_challenges_purpose_check
  CHECK (purpose IN ('p2p', 'withdrawal', 'unfreeze', 'trust_device', 'qr'));
