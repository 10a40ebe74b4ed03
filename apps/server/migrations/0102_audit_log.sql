-- S7 tamper-evident audit log: append-only and hash-chained. Each row's hash covers the previous
-- row's hash and the row's own canonical text, so changing, deleting, inserting or reordering a
-- row breaks the chain from that row on (`yinbao audit verify` names the first broken row).

CREATE TABLE audit_log (
  seq        bigint PRIMARY KEY,                 -- gapless chain order, assigned under a lock
  at         timestamptz NOT NULL,
  actor      text NOT NULL,                      -- 'customer:<id>', 'staff:<id>', 'anonymous', 'system'
  event      text NOT NULL,                      -- e.g. 'auth.login_succeeded', 'security.pin_locked'
  subject    text,                               -- what it was about, e.g. 'customer:<id>'
  ip         text,
  data       jsonb NOT NULL DEFAULT '{}'::jsonb, -- never secrets; phone numbers masked
  prev_hash  bytea NOT NULL,
  hash       bytea NOT NULL
);

-- The text a row's hash covers; `yinbao audit verify` rebuilds it independently in the application.
CREATE FUNCTION audit_canonical(seq bigint, at timestamptz, actor text, event text, subject text, ip text, data jsonb)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT concat_ws(E'\x1f', seq::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                   actor, event, coalesce(subject, ''), coalesce(ip, ''), data::text)
$$;

CREATE FUNCTION audit_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE last_seq bigint; last_hash bytea;
BEGIN
  -- One appender at a time (until its transaction ends), so the chain cannot fork.
  PERFORM pg_advisory_xact_lock(7366002);
  SELECT a.seq, a.hash INTO last_seq, last_hash FROM audit_log a ORDER BY a.seq DESC LIMIT 1;
  NEW.seq := coalesce(last_seq, 0) + 1;
  NEW.at := date_trunc('microseconds', clock_timestamp());
  NEW.prev_hash := coalesce(last_hash, sha256(convert_to('yinbao-audit-genesis', 'UTF8')));
  NEW.hash := sha256(NEW.prev_hash || convert_to(
    audit_canonical(NEW.seq, NEW.at, NEW.actor, NEW.event, NEW.subject, NEW.ip, NEW.data), 'UTF8'));
  RETURN NEW;
END $$;

CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_chain();
CREATE TRIGGER audit_log_immutable BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_forbid_change();
