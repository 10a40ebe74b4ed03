-- Strong customer authentication policy (S5): payees the customer has confirmed a payment to with
-- SCA ("trusted beneficiaries"), and the low-value exemption's cumulative counter since the last SCA.
CREATE TABLE sca_known_payees (
  customer_id  uuid NOT NULL REFERENCES customers(id),
  payee        text NOT NULL,
  trusted_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (customer_id, payee)
);

CREATE TABLE sca_exemption_usage (
  customer_id  uuid PRIMARY KEY REFERENCES customers(id),
  payments     int NOT NULL DEFAULT 0 CHECK (payments >= 0),
  amount       bigint NOT NULL DEFAULT 0 CHECK (amount >= 0),
  since        timestamptz NOT NULL DEFAULT now()
);
