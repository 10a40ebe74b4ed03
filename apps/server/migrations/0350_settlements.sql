-- Issue 5, part 1: daily merchant settlement with a merchant discount rate (MDR).
--
-- For each active merchant and each business day D (Asia/Shanghai), after the day's cut-off
-- (midnight +08:00 ending D) the merchant's money is paid out in two LINKED ledger transfers, ids
-- derived from (merchant, D): the fee to the bank's fee income (system account 101, transfer code
-- 31) and the rest to interbank clearing (102, code 30) on its way to the merchant's bank account.
-- The row below is written by the commit hook in the posting transaction; a day with nothing to pay
-- out gets a row too (status 'nothing_to_settle', no transfers), so every day since a merchant's
-- first payment has exactly one row. (merchant_id, business_date) is unique: a second settlement of
-- a day cannot commit, whoever runs it.

-- A merchant's MDR in basis points (38 = 0.38 %); NULL: the bank's default (MERCHANT_MDR_BPS).
ALTER TABLE merchants ADD COLUMN mdr_bps integer CHECK (mdr_bps BETWEEN 0 AND 10000);

CREATE TABLE merchant_settlements (
  id                  uuid PRIMARY KEY,
  merchant_id         uuid NOT NULL REFERENCES merchants(id),
  business_date       date NOT NULL,
  currency            char(3) NOT NULL DEFAULT 'CNY',
  -- Credits to the merchant's account on D; debits on D other than settlements (refunds).
  gross               bigint NOT NULL CHECK (gross >= 0),
  refunds             bigint NOT NULL CHECK (refunds >= 0),
  mdr_bps             integer NOT NULL CHECK (mdr_bps BETWEEN 0 AND 10000),
  fee                 bigint NOT NULL CHECK (fee >= 0),
  net                 bigint NOT NULL CHECK (net >= 0),
  status              text NOT NULL CHECK (status IN ('paid', 'nothing_to_settle')),
  fee_transfer_id     uuid REFERENCES ledger_transfers(id),
  payout_transfer_id  uuid REFERENCES ledger_transfers(id),
  bank_name           text NOT NULL,
  bank_last4          char(4) NOT NULL CHECK (bank_last4 ~ '^[0-9]{4}$'),
  cutoff_at           timestamptz NOT NULL,
  created_at          timestamptz NOT NULL,
  UNIQUE (merchant_id, business_date),
  CONSTRAINT merchant_settlements_fee CHECK ((fee > 0) = (fee_transfer_id IS NOT NULL)),
  CONSTRAINT merchant_settlements_net CHECK ((net > 0) = (payout_transfer_id IS NOT NULL)),
  CONSTRAINT merchant_settlements_status CHECK ((status = 'paid') = (fee + net > 0))
);
CREATE INDEX merchant_settlements_by_merchant ON merchant_settlements (merchant_id, business_date DESC);

-- API keys may read settlements.
ALTER TABLE merchant_api_keys DROP CONSTRAINT merchant_api_keys_scopes_check;
ALTER TABLE merchant_api_keys
  ADD CONSTRAINT merchant_api_keys_scopes_check CHECK (
    cardinality(scopes) >= 1
    AND scopes <@ ARRAY['orders:write', 'orders:read', 'refunds:write', 'webhooks:read', 'pos:write', 'settlements:read']);
