-- The role the application works as (S7): it may read and write the tables it needs, but it can
-- never rewrite history: no UPDATE, DELETE or TRUNCATE on the audit log or on ledger transfers
-- (the triggers refuse those too; this is the second, independent lock). Migrations run as the
-- owner; the API's connections switch to this role (DB_APP_ROLE, see platform/db/pool.ts).
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'yinbao_app') THEN
    CREATE ROLE yinbao_app NOLOGIN;
  END IF;
END $$;

GRANT USAGE ON SCHEMA public TO yinbao_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO yinbao_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO yinbao_app;
-- Tables and sequences that later migrations create get the same grants…
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO yinbao_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO yinbao_app;

-- …except where history lives.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM yinbao_app;
REVOKE UPDATE, DELETE, TRUNCATE ON ledger_transfers FROM yinbao_app;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM yinbao_app;
