-- A2 KYC: face checks through the identity-verification service, staff review cases, and staff
-- revocation of a verified identity. No image is ever stored: a face check keeps the selfie's size,
-- the service's reference and its scores.

ALTER TABLE kyc_identities
  ADD COLUMN face_verified_at timestamptz,
  -- Staff turned down the Class I upgrade a face match gave: self-service face checks are closed.
  ADD COLUMN face_rejected_at timestamptz,
  ADD COLUMN revoked_at       timestamptz,
  ADD COLUMN revoked_by       text,
  ADD COLUMN revoke_reason    text,
  ADD CONSTRAINT kyc_identities_revocation CHECK ((revoked_at IS NULL) = (revoked_by IS NULL));

CREATE TABLE kyc_face_checks (
  id            uuid PRIMARY KEY,
  customer_id   uuid NOT NULL REFERENCES customers(id),
  status        text NOT NULL DEFAULT 'in_progress'
                CHECK (status IN ('in_progress', 'match', 'no_match', 'liveness_failed', 'review')),
  provider_ref  text,
  score         numeric(5, 4),
  liveness      numeric(5, 4),
  selfie_bytes  integer NOT NULL CHECK (selfie_bytes > 0),
  created_at    timestamptz NOT NULL,
  decided_at    timestamptz
);
CREATE INDEX kyc_face_checks_by_customer ON kyc_face_checks (customer_id, created_at DESC);

CREATE TABLE kyc_reviews (
  id              uuid PRIMARY KEY,
  customer_id     uuid NOT NULL REFERENCES customers(id),
  kind            text NOT NULL CHECK (kind IN ('face_check', 'tier_upgrade')),
  requested_tier  smallint NOT NULL CHECK (requested_tier BETWEEN 1 AND 9),
  tier_before     smallint NOT NULL CHECK (tier_before BETWEEN 1 AND 9),
  -- true: an automatic step already raised the wallet to requested_tier (a review after the fact).
  applied         boolean NOT NULL DEFAULT false,
  face_check_id   uuid REFERENCES kyc_face_checks(id),
  -- Masked data only (face score, masked name, last four of the ID): never an image.
  evidence        jsonb NOT NULL DEFAULT '{}',
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  decided_by      text,
  decided_at      timestamptz,
  reason          text,
  created_at      timestamptz NOT NULL,
  CONSTRAINT kyc_reviews_decision CHECK ((status = 'pending') = (decided_at IS NULL AND decided_by IS NULL)),
  CONSTRAINT kyc_reviews_reject_reason CHECK (status <> 'rejected' OR reason IS NOT NULL)
);
CREATE UNIQUE INDEX kyc_reviews_one_pending ON kyc_reviews (customer_id, kind) WHERE status = 'pending';
CREATE INDEX kyc_reviews_queue ON kyc_reviews (id) WHERE status = 'pending';
