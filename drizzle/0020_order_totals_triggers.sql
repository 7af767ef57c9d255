-- Custom migration: `order_totals` is kept exact by statement-level triggers on `orders` (one
-- upsert per statement and (tenant, currency, status), not one per row, so bulk changes stay
-- cheap), in the transaction that changes the orders. Security invoker: the trigger writes only
-- totals of rows the caller was just allowed to change, under the same tenant policy. Rows are
-- upserted in key order so two statements touching several keys cannot deadlock on them.
CREATE OR REPLACE FUNCTION frontdesk_order_totals_apply()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO order_totals AS t (tenant_id, currency, status, order_count, total_amount, refunded_amount)
    SELECT tenant_id, currency, status, count(*), sum(total_amount), sum(refunded_amount)
    FROM new_rows
    GROUP BY tenant_id, currency, status
    ORDER BY tenant_id, currency, status
    ON CONFLICT (tenant_id, currency, status) DO UPDATE SET
      order_count = t.order_count + excluded.order_count,
      total_amount = t.total_amount + excluded.total_amount,
      refunded_amount = t.refunded_amount + excluded.refunded_amount;
  ELSIF TG_OP = 'UPDATE' THEN
    -- New rows in, old rows out; an update that moves nothing (notes, payment ids) writes nothing.
    INSERT INTO order_totals AS t (tenant_id, currency, status, order_count, total_amount, refunded_amount)
    SELECT tenant_id, currency, status, sum(n), sum(total), sum(refunded)
    FROM (
      SELECT tenant_id, currency, status, 1 AS n, total_amount::numeric AS total, refunded_amount::numeric AS refunded FROM new_rows
      UNION ALL
      SELECT tenant_id, currency, status, -1, -total_amount::numeric, -refunded_amount::numeric FROM old_rows
    ) d
    GROUP BY tenant_id, currency, status
    HAVING sum(n) <> 0 OR sum(total) <> 0 OR sum(refunded) <> 0
    ORDER BY tenant_id, currency, status
    ON CONFLICT (tenant_id, currency, status) DO UPDATE SET
      order_count = t.order_count + excluded.order_count,
      total_amount = t.total_amount + excluded.total_amount,
      refunded_amount = t.refunded_amount + excluded.refunded_amount;
  ELSE
    -- Only updates: a tenant's deletion cascades to both tables, and an insert here would then
    -- reference a tenant that is going away.
    UPDATE order_totals AS t SET
      order_count = t.order_count - d.n,
      total_amount = t.total_amount - d.total,
      refunded_amount = t.refunded_amount - d.refunded
    FROM (
      SELECT tenant_id, currency, status, count(*) AS n, sum(total_amount) AS total, sum(refunded_amount) AS refunded
      FROM old_rows
      GROUP BY tenant_id, currency, status
    ) d
    WHERE t.tenant_id = d.tenant_id AND t.currency = d.currency AND t.status = d.status;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER orders_totals_insert AFTER INSERT ON orders
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION frontdesk_order_totals_apply();
--> statement-breakpoint
CREATE TRIGGER orders_totals_update AFTER UPDATE ON orders
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION frontdesk_order_totals_apply();
--> statement-breakpoint
CREATE TRIGGER orders_totals_delete AFTER DELETE ON orders
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION frontdesk_order_totals_apply();
--> statement-breakpoint
-- Orders that exist already, counted once; the app role's grants and forced RLS on the new table.
INSERT INTO order_totals (tenant_id, currency, status, order_count, total_amount, refunded_amount)
SELECT tenant_id, currency, status, count(*), sum(total_amount), sum(refunded_amount)
FROM orders
GROUP BY tenant_id, currency, status;
--> statement-breakpoint
SELECT frontdesk_apply_security();
