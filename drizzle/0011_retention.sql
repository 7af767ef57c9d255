-- Retention (worker job `retention.enforce`).
--
-- 1. The audit log keeps at least six years (HIPAA's minimum for compliance documentation): existing
--    shorter settings are raised to the floor here, and the next migration's CHECK keeps them there.
UPDATE tenants SET audit_retention_days = 2190 WHERE audit_retention_days < 2190;
--> statement-breakpoint

-- 2. The audit log is append-only for everyone, not just the app role (which has no UPDATE/DELETE
--    privilege): a row can only go when its tenant is deleted (the FK cascade) or through
--    frontdesk_purge_audit_log below, which deletes nothing younger than the tenant's retention
--    and never anything younger than six years. A stray DELETE or UPDATE by the owner role, a
--    migration or an operator's console raises instead.
CREATE OR REPLACE FUNCTION frontdesk_audit_log_guard()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF current_setting('frontdesk.audit_purge', true) = 'on' THEN
      RETURN OLD;
    END IF;
    -- The tenant is being deleted (ON DELETE CASCADE runs after the tenant row is gone).
    IF NOT EXISTS (SELECT 1 FROM public.tenants t WHERE t.id = OLD.tenant_id) THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only; rows are removed only by retention (frontdesk_purge_audit_log)'
    USING ERRCODE = '42501';
END
$$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER audit_log_append_only
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION frontdesk_audit_log_guard();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION frontdesk_audit_log_no_truncate()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only; it cannot be truncated' USING ERRCODE = '42501';
END
$$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION frontdesk_audit_log_no_truncate();
--> statement-breakpoint

-- 3. The one way audit rows are removed: up to `batch` rows of one tenant older than its audit
--    retention and older than six years, oldest first. Returns how many. SECURITY DEFINER with a
--    pinned search_path; executable by the owner (the worker) only — never by frontdesk_app.
CREATE OR REPLACE FUNCTION frontdesk_purge_audit_log(p_tenant uuid, p_batch integer)
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
  cutoff timestamptz;
  deleted integer;
BEGIN
  IF p_batch < 1 OR p_batch > 100000 THEN
    RAISE EXCEPTION 'batch must be between 1 and 100000' USING ERRCODE = '22023';
  END IF;
  SELECT now() - greatest(make_interval(days => t.audit_retention_days), interval '6 years')
    INTO cutoff FROM public.tenants t WHERE t.id = p_tenant;
  IF cutoff IS NULL THEN
    RETURN 0;
  END IF;
  PERFORM set_config('frontdesk.audit_purge', 'on', true);
  DELETE FROM public.audit_log a
  WHERE a.id IN (
    SELECT id FROM public.audit_log
    WHERE tenant_id = p_tenant AND created_at < cutoff
    ORDER BY created_at
    LIMIT p_batch
  );
  GET DIAGNOSTICS deleted = ROW_COUNT;
  PERFORM set_config('frontdesk.audit_purge', 'off', true);
  RETURN deleted;
END
$$;
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE 'REVOKE ALL ON FUNCTION frontdesk_purge_audit_log(uuid, integer) FROM PUBLIC';
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'frontdesk_app') THEN
    EXECUTE 'REVOKE ALL ON FUNCTION frontdesk_purge_audit_log(uuid, integer) FROM frontdesk_app';
  END IF;
END
$$;
