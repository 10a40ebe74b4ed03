-- Issue 6: merchant batch payouts (POST /v1/merchant/payouts). Each payout is one ledger transfer
-- (code 32) from the merchant's CNY account to a customer's wallet; nothing else is stored. API
-- keys may now carry the scope that allows it.
ALTER TABLE merchant_api_keys DROP CONSTRAINT merchant_api_keys_scopes_check;
ALTER TABLE merchant_api_keys
  ADD CONSTRAINT merchant_api_keys_scopes_check CHECK (
    cardinality(scopes) >= 1
    AND scopes <@ ARRAY['orders:write', 'orders:read', 'refunds:write', 'webhooks:read', 'pos:write',
                        'settlements:read', 'payouts:write']);
