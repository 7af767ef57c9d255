-- Custom migration: `score_day_values` and `phi_event_hour_counts` are kept exact by statement-level
-- triggers on `conversation_scores` and `phi_detection_events` (one upsert per statement and key, not
-- one per row, so bulk changes and retention's batched deletes stay cheap), in the transaction that
-- changes the rows. Security invoker: a trigger writes only rollups of rows the caller was just
-- allowed to change, under the same tenant policy. Keys are upserted in order so two statements
-- touching several keys cannot deadlock on them.
--
-- Both rollups are keyed by the tenant's local time (day; hour and day), read from `tenants` when the
-- rows change; a change of the tenant's time zone rebuilds the tenant's rollups under the new zone.
-- So a rollup write and a zone change never interleave, every trigger holds a shared advisory lock
-- on its tenant (class 727318) for the rest of its transaction and the rebuild an exclusive one: a
-- rebuild waits for in-flight writers to commit (and, in its own statements, sees their rows), and
-- a writer that waited for a rebuild reads the new zone.
--
-- What is counted: scores not soft-deleted; every PHI detection event that exists. Retention deletes
-- events through the same trigger, so the stats describe the events kept, exactly as an aggregate
-- over `phi_detection_events` would.
CREATE OR REPLACE FUNCTION frontdesk_score_value_key(numeric_value double precision, boolean_value boolean, string_value text)
RETURNS text
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
SET search_path = pg_catalog
-- The float's bits (no text formatting, whose digits depend on extra_float_digits), the boolean, and
-- a digest of the string; empty for NULL, which none of the three encodings can produce.
RETURN coalesce(encode(float8send(numeric_value), 'hex'), '') || '/' || coalesce(boolean_value::text, '') || '/'
  || coalesce(encode(sha256(convert_to(string_value, 'UTF8')), 'hex'), '');
--> statement-breakpoint
CREATE OR REPLACE FUNCTION frontdesk_score_day_values_apply()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_advisory_xact_lock_shared(727318, hashtext(d.tenant_id::text))
    FROM (SELECT DISTINCT tenant_id FROM old_rows ORDER BY 1) d;
  ELSE
    PERFORM pg_advisory_xact_lock_shared(727318, hashtext(d.tenant_id::text))
    FROM (SELECT DISTINCT tenant_id FROM new_rows ORDER BY 1) d;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO score_day_values AS v (tenant_id, name, kind, local_day, value_key, numeric_value, string_value, boolean_value, score_count)
    SELECT r.tenant_id, r.name, r.kind, (r.created_at AT TIME ZONE t.time_zone)::date,
           frontdesk_score_value_key(r.numeric_value, r.boolean_value, r.string_value),
           r.numeric_value, r.string_value, r.boolean_value, count(*)
    FROM new_rows r JOIN tenants t ON t.id = r.tenant_id
    WHERE r.deleted_at IS NULL
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (tenant_id, name, kind, local_day, value_key) DO UPDATE SET
      score_count = v.score_count + excluded.score_count;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    -- Live new rows in, live old rows out; an update that moves nothing (a comment) writes nothing.
    INSERT INTO score_day_values AS v (tenant_id, name, kind, local_day, value_key, numeric_value, string_value, boolean_value, score_count)
    SELECT r.tenant_id, r.name, r.kind, (r.created_at AT TIME ZONE t.time_zone)::date,
           frontdesk_score_value_key(r.numeric_value, r.boolean_value, r.string_value),
           r.numeric_value, r.string_value, r.boolean_value, sum(r.n)
    FROM (
      SELECT tenant_id, name, kind, created_at, numeric_value, string_value, boolean_value, 1 AS n
      FROM new_rows WHERE deleted_at IS NULL
      UNION ALL
      SELECT tenant_id, name, kind, created_at, numeric_value, string_value, boolean_value, -1
      FROM old_rows WHERE deleted_at IS NULL
    ) r JOIN tenants t ON t.id = r.tenant_id
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    HAVING sum(r.n) <> 0
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (tenant_id, name, kind, local_day, value_key) DO UPDATE SET
      score_count = v.score_count + excluded.score_count;
  ELSE
    -- Only updates: a tenant's deletion cascades to both tables, and an insert here would then
    -- reference a tenant that is going away.
    UPDATE score_day_values AS v SET score_count = v.score_count - d.n
    FROM (
      SELECT r.tenant_id, r.name, r.kind, (r.created_at AT TIME ZONE t.time_zone)::date AS local_day,
             frontdesk_score_value_key(r.numeric_value, r.boolean_value, r.string_value) AS value_key,
             count(*) AS n
      FROM old_rows r JOIN tenants t ON t.id = r.tenant_id
      WHERE r.deleted_at IS NULL
      GROUP BY 1, 2, 3, 4, 5
      ORDER BY 1, 2, 3, 4, 5
    ) d
    WHERE v.tenant_id = d.tenant_id AND v.name = d.name AND v.kind = d.kind
      AND v.local_day = d.local_day AND v.value_key = d.value_key;
  END IF;
  -- Values no live score holds any more leave the rollup (a summary reads min and max from it).
  DELETE FROM score_day_values v
  USING (
    SELECT DISTINCT r.tenant_id, r.name, r.kind, (r.created_at AT TIME ZONE t.time_zone)::date AS local_day
    FROM old_rows r JOIN tenants t ON t.id = r.tenant_id
    WHERE r.deleted_at IS NULL
  ) d
  WHERE v.tenant_id = d.tenant_id AND v.name = d.name AND v.kind = d.kind
    AND v.local_day = d.local_day AND v.score_count = 0;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER conversation_scores_day_values_insert AFTER INSERT ON conversation_scores
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION frontdesk_score_day_values_apply();
--> statement-breakpoint
CREATE TRIGGER conversation_scores_day_values_update AFTER UPDATE ON conversation_scores
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION frontdesk_score_day_values_apply();
--> statement-breakpoint
CREATE TRIGGER conversation_scores_day_values_delete AFTER DELETE ON conversation_scores
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION frontdesk_score_day_values_apply();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION frontdesk_phi_event_hour_counts_apply()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_advisory_xact_lock_shared(727318, hashtext(d.tenant_id::text))
    FROM (SELECT DISTINCT tenant_id FROM old_rows ORDER BY 1) d;
  ELSE
    PERFORM pg_advisory_xact_lock_shared(727318, hashtext(d.tenant_id::text))
    FROM (SELECT DISTINCT tenant_id FROM new_rows ORDER BY 1) d;
  END IF;
  -- hour_start: the instant minus the wall time since its local hour began (time-buckets.ts).
  IF TG_OP = 'INSERT' THEN
    INSERT INTO phi_event_hour_counts AS c (tenant_id, hour_start, local_day, phi_type, action, event_count)
    SELECT e.tenant_id, e.created_at - (l.local - date_trunc('hour', l.local)), l.local::date, e.phi_type, e.action, count(*)
    FROM new_rows e JOIN tenants t ON t.id = e.tenant_id,
         LATERAL (SELECT e.created_at AT TIME ZONE t.time_zone AS local) l
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (tenant_id, hour_start, local_day, phi_type, action) DO UPDATE SET
      event_count = c.event_count + excluded.event_count;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO phi_event_hour_counts AS c (tenant_id, hour_start, local_day, phi_type, action, event_count)
    SELECT e.tenant_id, e.created_at - (l.local - date_trunc('hour', l.local)), l.local::date, e.phi_type, e.action, sum(e.n)
    FROM (
      SELECT tenant_id, created_at, phi_type, action, 1 AS n FROM new_rows
      UNION ALL
      SELECT tenant_id, created_at, phi_type, action, -1 FROM old_rows
    ) e JOIN tenants t ON t.id = e.tenant_id,
         LATERAL (SELECT e.created_at AT TIME ZONE t.time_zone AS local) l
    GROUP BY 1, 2, 3, 4, 5
    HAVING sum(e.n) <> 0
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (tenant_id, hour_start, local_day, phi_type, action) DO UPDATE SET
      event_count = c.event_count + excluded.event_count;
  ELSE
    -- Only updates, as for scores: a tenant's deletion cascades to both tables.
    UPDATE phi_event_hour_counts AS c SET event_count = c.event_count - d.n
    FROM (
      SELECT e.tenant_id, e.created_at - (l.local - date_trunc('hour', l.local)) AS hour_start,
             l.local::date AS local_day, e.phi_type, e.action, count(*) AS n
      FROM old_rows e JOIN tenants t ON t.id = e.tenant_id,
           LATERAL (SELECT e.created_at AT TIME ZONE t.time_zone AS local) l
      GROUP BY 1, 2, 3, 4, 5
      ORDER BY 1, 2, 3, 4, 5
    ) d
    WHERE c.tenant_id = d.tenant_id AND c.hour_start = d.hour_start AND c.local_day = d.local_day
      AND c.phi_type = d.phi_type AND c.action = d.action;
  END IF;
  DELETE FROM phi_event_hour_counts c
  USING (
    SELECT DISTINCT e.tenant_id, e.created_at - (l.local - date_trunc('hour', l.local)) AS hour_start
    FROM old_rows e JOIN tenants t ON t.id = e.tenant_id,
         LATERAL (SELECT e.created_at AT TIME ZONE t.time_zone AS local) l
  ) d
  WHERE c.tenant_id = d.tenant_id AND c.hour_start = d.hour_start AND c.event_count = 0;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER phi_detection_events_hour_counts_insert AFTER INSERT ON phi_detection_events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION frontdesk_phi_event_hour_counts_apply();
--> statement-breakpoint
CREATE TRIGGER phi_detection_events_hour_counts_update AFTER UPDATE ON phi_detection_events
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION frontdesk_phi_event_hour_counts_apply();
--> statement-breakpoint
CREATE TRIGGER phi_detection_events_hour_counts_delete AFTER DELETE ON phi_detection_events
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION frontdesk_phi_event_hour_counts_apply();
--> statement-breakpoint
-- Both rollups of one tenant computed from its rows, under its zone: at a zone change, and below for
-- the rows that exist already.
CREATE OR REPLACE FUNCTION frontdesk_rebuild_local_rollups(p_tenant uuid, p_time_zone text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(727318, hashtext(p_tenant::text));
  DELETE FROM score_day_values WHERE tenant_id = p_tenant;
  INSERT INTO score_day_values (tenant_id, name, kind, local_day, value_key, numeric_value, string_value, boolean_value, score_count)
  SELECT tenant_id, name, kind, (created_at AT TIME ZONE p_time_zone)::date,
         frontdesk_score_value_key(numeric_value, boolean_value, string_value),
         numeric_value, string_value, boolean_value, count(*)
  FROM conversation_scores
  WHERE tenant_id = p_tenant AND deleted_at IS NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
  DELETE FROM phi_event_hour_counts WHERE tenant_id = p_tenant;
  INSERT INTO phi_event_hour_counts (tenant_id, hour_start, local_day, phi_type, action, event_count)
  SELECT e.tenant_id, e.created_at - (l.local - date_trunc('hour', l.local)), l.local::date, e.phi_type, e.action, count(*)
  FROM phi_detection_events e, LATERAL (SELECT e.created_at AT TIME ZONE p_time_zone AS local) l
  WHERE e.tenant_id = p_tenant
  GROUP BY 1, 2, 3, 4, 5;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION frontdesk_tenant_rezone_rollups()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
  PERFORM frontdesk_rebuild_local_rollups(NEW.id, NEW.time_zone);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER tenants_rezone_rollups AFTER UPDATE OF time_zone ON tenants
  FOR EACH ROW WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone) EXECUTE FUNCTION frontdesk_tenant_rezone_rollups();
--> statement-breakpoint
SELECT frontdesk_rebuild_local_rollups(id, time_zone) FROM tenants;
--> statement-breakpoint
SELECT frontdesk_apply_security();
