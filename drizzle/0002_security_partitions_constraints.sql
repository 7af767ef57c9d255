-- Custom migration: what drizzle-kit cannot express. Keep `drizzle-kit generate` reporting no changes:
-- nothing here changes a column, a plain index or a policy that the schema files declare.

-- 1. analytics_metrics becomes range-partitioned by month on recorded_at (same columns, keys, indexes
--    and policy as the generated table, which is still empty here). Its primary key contains the
--    partition key, as PostgreSQL requires.
DROP TABLE "analytics_metrics";
--> statement-breakpoint
CREATE TABLE "analytics_metrics" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"unit" text,
	"value" double precision NOT NULL,
	"tags" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"series_hash" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analytics_metrics_pkey" PRIMARY KEY("tenant_id","recorded_at","id"),
	CONSTRAINT "analytics_metrics_kind_check" CHECK ("analytics_metrics"."kind" in ('counter', 'gauge', 'histogram')),
	CONSTRAINT "analytics_metrics_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action
) PARTITION BY RANGE ("recorded_at");
--> statement-breakpoint
CREATE INDEX "analytics_metrics_tenant_name_time_idx" ON "analytics_metrics" USING btree ("tenant_id","name","recorded_at");
--> statement-breakpoint
CREATE INDEX "analytics_metrics_tags_idx" ON "analytics_metrics" USING gin ("tags");
--> statement-breakpoint
ALTER TABLE "analytics_metrics" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "analytics_metrics_tenant_isolation" ON "analytics_metrics" AS PERMISSIVE FOR ALL TO "frontdesk_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint

-- 2. No two live (pending or confirmed) bookings overlap on one resource. '[)' ranges make
--    back-to-back bookings legal; cancelled and expired rows drop out, so their slot can be re-booked.
--    A violation is SQLSTATE 23P01 (exclusion_violation), which the API maps to CONFLICT.
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_no_overlap"
  EXCLUDE USING gist ("tenant_id" WITH =, "resource_id" WITH =, "during" WITH &&)
  WHERE ("status" IN ('pending', 'confirmed'));
--> statement-breakpoint

-- 3. Monthly partitions. Creates the partitions for `months` months starting at the month of
--    `from_month`; returns how many it created. SECURITY DEFINER (search_path pinned) so the app role
--    can make sure a partition exists before a write without being able to create anything else.
--    Each partition has RLS enabled and forced with no policy: read and write only through the parent.
CREATE OR REPLACE FUNCTION frontdesk_ensure_metric_partitions(from_month date, months integer)
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
  m date := date_trunc('month', from_month)::date;
  part text;
  created integer := 0;
BEGIN
  IF months < 1 OR months > 120 THEN
    RAISE EXCEPTION 'months must be between 1 and 120' USING ERRCODE = '22023';
  END IF;
  FOR i IN 0 .. months - 1 LOOP
    part := format('analytics_metrics_y%sm%s', to_char(m, 'YYYY'), to_char(m, 'MM'));
    IF to_regclass('public.' || part) IS NULL THEN
      EXECUTE format(
        'CREATE TABLE IF NOT EXISTS public.%I PARTITION OF public.analytics_metrics FOR VALUES FROM (%L) TO (%L)',
        part,
        to_char(m, 'YYYY-MM-DD') || ' 00:00:00+00',
        to_char(m + interval '1 month', 'YYYY-MM-DD') || ' 00:00:00+00'
      );
      EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', part);
      EXECUTE format('ALTER TABLE public.%I FORCE ROW LEVEL SECURITY', part);
      created := created + 1;
    END IF;
    m := (m + interval '1 month')::date;
  END LOOP;
  RETURN created;
END
$$;
--> statement-breakpoint
-- Drops whole monthly partitions that end on or before `cutoff` (retention). Returns how many.
CREATE OR REPLACE FUNCTION frontdesk_drop_metric_partitions_before(cutoff date)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
DECLARE
  r record;
  dropped integer := 0;
BEGIN
  FOR r IN
    SELECT c.relname
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'public.analytics_metrics'::regclass
      AND c.relname ~ '^analytics_metrics_y[0-9]{4}m[0-9]{2}$'
      AND (to_date(substr(c.relname, 20, 4) || substr(c.relname, 25, 2), 'YYYYMM') + interval '1 month')::date <= cutoff
  LOOP
    EXECUTE format('DROP TABLE public.%I', r.relname);
    dropped := dropped + 1;
  END LOOP;
  RETURN dropped;
END
$$;
--> statement-breakpoint

-- 4. updated_at is kept by the database, whatever the application sends.
CREATE OR REPLACE FUNCTION frontdesk_touch_updated_at()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;
--> statement-breakpoint

-- 5. Looks up an API key by the SHA-256 of its secret before any tenant is known. SECURITY DEFINER
--    so the app role needs no access to other tenants' keys; returns only what authentication needs.
CREATE OR REPLACE FUNCTION frontdesk_resolve_api_key(p_secret_hash text)
RETURNS TABLE (id uuid, tenant_id uuid, scopes text[], expires_at timestamptz, revoked_at timestamptz, grace_expires_at timestamptz, secret_hash text)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  SELECT k.id, k.tenant_id, k.scopes, k.expires_at, k.revoked_at, k.grace_expires_at, k.secret_hash
  FROM public.api_keys k
  WHERE k.secret_hash = p_secret_hash
$$;
--> statement-breakpoint
-- The tenants a user belongs to, for choosing one before a tenant is set.
CREATE OR REPLACE FUNCTION frontdesk_user_tenants(p_user_id uuid)
RETURNS TABLE (tenant_id uuid, role text, name text, slug text)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  SELECT m.tenant_id, m.role, t.name, t.slug
  FROM public.memberships m
  JOIN public.tenants t ON t.id = m.tenant_id
  WHERE m.user_id = p_user_id
  ORDER BY t.name
$$;
--> statement-breakpoint

-- 6. Row-level security FORCED on every table that has tenant_id (and on tenants and users, whose
--    policies are declared in the schema), grants for the app role, touch triggers. Idempotent: later
--    migrations that add tables call it again.
CREATE OR REPLACE FUNCTION frontdesk_apply_security()
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
DECLARE
  r record;
BEGIN
  EXECUTE 'GRANT USAGE ON SCHEMA public TO frontdesk_app';
  FOR r IN
    SELECT c.relname
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public'
      AND c.relkind IN ('r', 'p')
      AND NOT c.relispartition
      AND (
        c.relname IN ('tenants', 'users')
        OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
      )
      AND c.relname NOT IN ('stripe_events')
  LOOP
    EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', r.relname);
    EXECUTE format('ALTER TABLE public.%I FORCE ROW LEVEL SECURITY', r.relname);
    IF r.relname = 'audit_log' THEN
      -- Append-only for the app role.
      EXECUTE 'GRANT SELECT, INSERT ON public.audit_log TO frontdesk_app';
      EXECUTE 'REVOKE UPDATE, DELETE, TRUNCATE ON public.audit_log FROM frontdesk_app';
    ELSIF r.relname = 'users' THEN
      EXECUTE 'GRANT SELECT ON public.users TO frontdesk_app';
    ELSIF r.relname = 'tenants' THEN
      EXECUTE 'GRANT SELECT, UPDATE ON public.tenants TO frontdesk_app';
    ELSE
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON public.%I TO frontdesk_app', r.relname);
    END IF;
  END LOOP;

  FOR r IN
    SELECT c.relname
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'updated_at' AND NOT a.attisdropped
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  LOOP
    EXECUTE format(
      'CREATE OR REPLACE TRIGGER %I BEFORE UPDATE ON public.%I FOR EACH ROW EXECUTE FUNCTION frontdesk_touch_updated_at()',
      r.relname || '_touch_updated_at', r.relname
    );
  END LOOP;

  EXECUTE 'REVOKE ALL ON FUNCTION frontdesk_resolve_api_key(text) FROM PUBLIC';
  EXECUTE 'GRANT EXECUTE ON FUNCTION frontdesk_resolve_api_key(text) TO frontdesk_app';
  EXECUTE 'REVOKE ALL ON FUNCTION frontdesk_user_tenants(uuid) FROM PUBLIC';
  EXECUTE 'GRANT EXECUTE ON FUNCTION frontdesk_user_tenants(uuid) TO frontdesk_app';
  EXECUTE 'REVOKE ALL ON FUNCTION frontdesk_ensure_metric_partitions(date, integer) FROM PUBLIC';
  EXECUTE 'GRANT EXECUTE ON FUNCTION frontdesk_ensure_metric_partitions(date, integer) TO frontdesk_app';
  EXECUTE 'REVOKE ALL ON FUNCTION frontdesk_drop_metric_partitions_before(date) FROM PUBLIC';
END
$$;
--> statement-breakpoint
SELECT frontdesk_apply_security();
--> statement-breakpoint
-- Partitions for the current month and the next three exist from the start; the worker keeps them ahead.
SELECT frontdesk_ensure_metric_partitions(current_date, 4);
