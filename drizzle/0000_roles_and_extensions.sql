-- Custom migration: what the generated schema needs before it can be created.
-- The role every tenant-scoped request runs as (SET LOCAL ROLE inside its transaction). Roles are
-- cluster-wide on a real server and may exist already from another database: create only when missing.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'frontdesk_app') THEN
    CREATE ROLE frontdesk_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE INHERIT;
  END IF;
  -- A non-superuser migrator must be a member to SET ROLE to it; a superuser needs nothing.
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT frontdesk_app TO %I', current_user);
  END IF;
END
$$;
--> statement-breakpoint
-- Exclusion constraints mixing = (uuid) and && (tstzrange) need btree_gist.
CREATE EXTENSION IF NOT EXISTS btree_gist;
