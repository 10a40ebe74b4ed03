-- Freezing a wallet through maker–checker: one staff member proposes, a second approves
-- (the direct one-person freeze stays for fraud in progress; see docs/security.md).
ALTER TABLE staff_requests DROP CONSTRAINT staff_requests_kind_check;
ALTER TABLE staff_requests ADD CONSTRAINT staff_requests_kind_check
  CHECK (kind IN ('adjust_balance', 'freeze', 'lift_freeze', 'raise_tier'));
